"""url_shortener.spec, every operation against the live service (Shorten, Resolve, Delete,
ListAll), with each `ensures` checked through the HTTP answers and GET /admin/state and the
global invariants checked after every request."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

SHORT_CODE = re.compile(r"^[a-zA-Z0-9]+$")


def is_valid_uri(value: object) -> bool:
    # isValidURI in the generated service: an absolute http(s) URL without blanks.
    if not isinstance(value, str) or not value or re.search(r"[\s\x00-\x1f\x7f]", value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_invariants(state: dict[str, Any]) -> None:
    store, metadata = state["store"], state["metadata"]
    assert is_valid_uri(state["base_url"]), "BaseURL refinement"
    # allURLsValid
    assert all(is_valid_uri(url) for url in store.values()), "allURLsValid"
    # metadataConsistent
    assert set(store) == set(metadata), "metadataConsistent"
    # clickCountNonNegative
    assert all(m["click_count"] >= 0 for m in metadata.values()), "clickCountNonNegative"
    for code, mapping in metadata.items():
        # The relation key is the entity's code; store and metadata agree on the URL.
        assert mapping["code"] == code
        assert mapping["url"] == store[code]
        # ShortCode / LongURL refinements and the entity invariant isValidURI(url).
        assert len(code) >= 6 and SHORT_CODE.match(code), f"ShortCode {code!r}"
        assert is_valid_uri(mapping["url"])


@pytest.fixture(scope="module", params=live.DIALECTS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"url_shortener_{request.param}")
    with live.serve_spec("url_shortener", request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    assert service.state()["store"] == {}


def shorten(service: live.Service, url: str) -> str:
    response = service.post("/shorten", json={"url": url})
    assert response.status_code == 201, response.text
    code = response.json()["code"]
    assert isinstance(code, str)
    return code


# ------------------------------------------------------------------------------ Shorten


def test_shorten_stores_a_fresh_code(service: live.Service) -> None:
    url = "https://example.com/some/long/path?x=1&y=two"
    pre = service.state()
    started = live.utcnow()
    response = service.post("/shorten", json={"url": url})
    finished = live.utcnow()
    assert response.status_code == 201, response.text
    body = response.json()
    code = body["code"]
    # output code: ShortCode (len >= 6, alphanumeric), not in pre(store)
    assert isinstance(code, str) and len(code) >= 6 and SHORT_CODE.match(code)
    assert code not in pre["store"]
    post = service.state()
    # short_url = base_url + "/" + code
    assert body["short_url"] == post["base_url"] + "/" + code
    assert post["base_url"] == service.base_url
    # store' = pre(store) + {code -> url}; #store' = #pre(store) + 1
    assert post["store"] == {**pre["store"], code: url}
    assert len(post["store"]) == len(pre["store"]) + 1
    # metadata'[code].url = url; metadata'[code].click_count = 0
    mapping = post["metadata"][code]
    assert mapping["url"] == url and mapping["click_count"] == 0 and mapping["code"] == code
    created = live.parse_time(mapping["created_at"])
    assert started.replace(microsecond=0) <= created <= finished


def test_shorten_same_url_twice_gives_two_codes(service: live.Service) -> None:
    url = "https://example.com/same"
    first = shorten(service, url)
    pre = service.state()
    second = shorten(service, url)
    assert second != first
    post = service.state()
    assert post["store"] == {**pre["store"], second: url}
    assert len(post["store"]) == 2


@pytest.mark.parametrize(
    "url",
    ["", "not a url", "example.com/no-scheme", "https://exa mple.com/space"],
)
def test_shorten_rejects_an_invalid_url(service: live.Service, url: str) -> None:
    shorten(service, "https://example.com/kept")
    with service.unchanged():
        live.assert_invalid(service.post("/shorten", json={"url": url}), "url")


def test_shorten_rejects_a_missing_url(service: live.Service) -> None:
    with service.unchanged():
        live.assert_invalid(service.post("/shorten", json={}), "url")


# ------------------------------------------------------------------------------ Resolve


def test_resolve_redirects_to_the_stored_url(service: live.Service) -> None:
    url = "https://example.com/a-b_c.d~e/%20x?q=1&r=two#frag"
    code = shorten(service, url)
    pre = service.state()
    response = service.get(f"/{code}")
    # conventions: 302 with Location = output.url, and url = store[code]
    assert response.status_code == 302, response.text
    assert response.headers["location"] == url == pre["store"][code]
    post = service.state()
    # store' = store
    assert post["store"] == pre["store"]
    # metadata'[code].click_count = pre(metadata)[code].click_count + 1
    assert post["metadata"][code]["click_count"] == pre["metadata"][code]["click_count"] + 1


def test_resolve_counts_every_click_of_its_own_code_only(service: live.Service) -> None:
    hot = shorten(service, "https://example.com/hot")
    cold = shorten(service, "https://example.com/cold")
    for expected in (1, 2, 3):
        assert service.get(f"/{hot}").status_code == 302
        state = service.state()
        assert state["metadata"][hot]["click_count"] == expected
        assert state["metadata"][cold]["click_count"] == 0
    # Everything but click_count is framed.
    before = service.state()["metadata"][hot]
    service.get(f"/{hot}")
    after = service.state()["metadata"][hot]
    assert {k: v for k, v in after.items() if k not in ("click_count", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("click_count", "updated_at")
    }


def test_resolve_unknown_code_is_404(service: live.Service) -> None:
    shorten(service, "https://example.com/other")
    with service.unchanged():
        live.assert_rejected(
            service.get("/Zz9Zz9Zz9"), 404, "Resolve.requires: code in store"
        )


def test_resolve_malformed_code_is_422(service: live.Service) -> None:
    with service.unchanged():
        live.assert_invalid(service.get("/abc12"), "code")  # len < 6
        live.assert_invalid(service.get("/abc-def-ghi"), "code")  # not alphanumeric


# ------------------------------------------------------------------------------ Delete


def test_delete_removes_the_code(service: live.Service) -> None:
    gone = shorten(service, "https://example.com/gone")
    kept = shorten(service, "https://example.com/kept")
    pre = service.state()
    response = service.delete(f"/{gone}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    post = service.state()
    # code not in store'; code not in metadata'; #store' = #pre(store) - 1
    assert gone not in post["store"] and gone not in post["metadata"]
    assert len(post["store"]) == len(pre["store"]) - 1
    # The other mapping is untouched.
    assert post["store"] == {kept: pre["store"][kept]}
    assert post["metadata"][kept] == pre["metadata"][kept]


def test_resolve_and_delete_after_delete_are_404(service: live.Service) -> None:
    code = shorten(service, "https://example.com/once")
    assert service.delete(f"/{code}").status_code == 204
    with service.unchanged():
        live.assert_rejected(service.get(f"/{code}"), 404, "Resolve.requires: code in store")
        live.assert_rejected(service.delete(f"/{code}"), 404, "Delete.requires: code in store")


# ------------------------------------------------------------------------------ ListAll


def test_list_all_is_every_mapping(service: live.Service) -> None:
    empty = service.get("/urls")
    assert empty.status_code == 200 and empty.json() == []
    codes = [shorten(service, f"https://example.com/{n}") for n in range(3)]
    service.get(f"/{codes[1]}")
    pre = service.state()
    # store' = store (and nothing else changes either)
    with service.unchanged():
        response = service.get("/urls")
    assert response.status_code == 200, response.text
    entries = response.json()
    # entries = { m in metadata | true }
    assert sorted(e["code"] for e in entries) == sorted(pre["metadata"])
    for entry in entries:
        stored = pre["metadata"][entry["code"]]
        assert entry["url"] == stored["url"]
        assert entry["click_count"] == stored["click_count"]
        assert live.parse_time(entry["created_at"]) == live.parse_time(stored["created_at"])


# ------------------------------------------------------------------------------ concurrency


def test_fifty_concurrent_shortens_get_fifty_codes(service: live.Service) -> None:
    requests = [
        ("POST", "/shorten", {"json": {"url": f"https://example.com/parallel/{n}"}})
        for n in range(50)
    ]
    responses = service.burst(requests)
    assert [r.status_code for r in responses] == [201] * 50, [r.text for r in responses]
    codes = [r.json()["code"] for r in responses]
    assert len(set(codes)) == 50
    state = service.state()
    assert len(state["store"]) == 50 and len(state["metadata"]) == 50
    assert state["store"] == {
        code: f"https://example.com/parallel/{n}" for n, code in enumerate(codes)
    }
    listed = service.get("/urls", params={"limit": 100})
    assert listed.status_code == 200 and sorted(e["code"] for e in listed.json()) == sorted(codes)
