"""examples/ecommerce.spec, every operation against the live service (CreateDraftOrder,
AddLineItem, RemoveLineItem, PlaceOrder, RecordPayment, ShipOrder, ConfirmDelivery, CancelOrder,
ProcessReturn, GetOrder, ListOrders): the whole OrderLifecycle walked through HTTP, each
`ensures` checked on GET /admin/state (line items are nested under their order there), every
transition tried from the wrong states (409, state unchanged), and the spec's invariants checked
after every request. Products and inventory have no operation of their own: /admin/seed adds
them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

SPEC = live.REPO / "examples" / "ecommerce.spec"
STATUSES = ("DRAFT", "PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED")


def check_invariants(state: dict[str, Any]) -> None:
    orders, payments, inventory = state["orders"], state["payments"], state["inventory"]
    for key, order in orders.items():
        items = order["items"]
        assert order["id"] == int(key) > 0
        assert order["status"] in STATUSES
        # orderTotalConsistency and the entity's subtotal/total invariants
        assert order["subtotal"] == sum(i["line_total"] for i in items), order
        assert order["total"] == order["subtotal"] + order["tax"], order
        for item in items:
            # lineItemTotalConsistency, itemSkusStocked, lineItemIdFresh
            assert item["line_total"] == item["unit_price"] * item["quantity"], item
            assert item["product_sku"] in inventory
            assert item["id"] < state["next_line_item_id"]
        # oneLineItemPerSku
        skus = [i["product_sku"] for i in items]
        assert len(skus) == len(set(skus)), order
        if order["status"] not in ("DRAFT", "CANCELLED"):  # placedOrdersHaveItems
            assert items, order
        mine = [p for p in payments.values() if p["order_id"] == order["id"]]
        captured = [p for p in mine if p["status"] == "CAPTURED"]
        if order["status"] in ("PAID", "SHIPPED", "DELIVERED"):  # paidOrdersHavePayments
            assert captured, order
        if order["status"] in ("DRAFT", "PLACED"):  # unpaidOrdersHaveNoCapturedPayments
            assert not captured, order
        if order["status"] == "CANCELLED" and captured:  # cancelledPaidOrdersHaveRefunds
            assert any(p["status"] == "REFUNDED" for p in mine), order
        if order["status"] == "SHIPPED":
            assert order["shipped_at"] is not None
        if order["delivered_at"] is not None:
            assert order["shipped_at"] is not None
    for entry in inventory.values():  # inventoryNonNegative
        assert entry["available"] >= 0
    for key in payments:  # paymentIdFresh
        assert int(key) < state["next_payment_id"]
    assert state["next_payment_id"] > 0 and state["next_line_item_id"] > 0


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"ecommerce_{request.param}")
    with live.serve_spec(SPEC, request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def stocked(service: live.Service) -> None:
    service.reset()
    for sku, price, available in (("BOOK-1", 1200, 50), ("PEN-22", 150, 3)):
        product = {"sku": sku, "name": sku.title(), "price": price, "active": True}
        assert service.seed("product", product).status_code == 201
        assert service.seed("inventory_entry", {"sku": sku, "available": available}).status_code == 201


def order_of(service: live.Service, order_id: int) -> dict[str, Any]:
    found = service.state()["orders"][str(order_id)]
    assert isinstance(found, dict)
    return found


def create(service: live.Service, customer_id: int = 7) -> int:
    created = service.post("/orders", json={"customer_id": customer_id})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def add(service: live.Service, order_id: int, sku: str = "BOOK-1", quantity: int = 2) -> Any:
    return service.post(f"/orders/{order_id}/items", json={"sku": sku, "quantity": quantity})


def placed(service: live.Service) -> int:
    order_id = create(service)
    assert add(service, order_id).status_code == 201
    assert service.post(f"/orders/{order_id}/place").status_code == 200
    return order_id


def paid(service: live.Service) -> int:
    order_id = placed(service)
    total = order_of(service, order_id)["total"]
    assert service.post(f"/orders/{order_id}/payments", json={"amount": total}).status_code == 201
    return order_id


def test_create_draft_order_uses_the_counter(service: live.Service) -> None:
    before = service.state()
    first, second = create(service, 7), create(service, 8)
    assert (first, second) == (before["next_order_id"], before["next_order_id"] + 1)
    order = order_of(service, first)
    assert (order["customer_id"], order["status"], order["items"]) == (7, "DRAFT", [])
    assert (order["subtotal"], order["tax"], order["total"]) == (0, 0, 0)
    assert service.state()["next_order_id"] == before["next_order_id"] + 2
    live.assert_invalid(service.post("/orders", json={"customer_id": 0}))


def test_add_line_item_prices_it_and_takes_stock(service: live.Service) -> None:
    order_id = create(service)
    next_item = service.state()["next_line_item_id"]
    added = add(service, order_id, "BOOK-1", 2)
    assert added.status_code == 201, added.text
    order = order_of(service, order_id)
    # The answer lists the new line item (the read view, without the bookkeeping timestamps).
    listed = [{k: v for k, v in i.items() if k not in ("created_at", "updated_at")} for i in order["items"]]
    assert added.json()["items"] == listed
    (item,) = order["items"]
    assert (item["id"], item["product_sku"], item["quantity"]) == (next_item, "BOOK-1", 2)
    assert (item["unit_price"], item["line_total"]) == (1200, 2400)
    assert (order["subtotal"], order["total"]) == (2400, 2400)
    snapshot = service.state()
    assert snapshot["inventory"]["BOOK-1"]["available"] == 48
    assert snapshot["next_line_item_id"] == next_item + 1
    with service.unchanged():  # one line item per SKU
        live.assert_rejected(add(service, order_id, "BOOK-1", 1), 409)
    with service.unchanged():  # inventory[sku].available >= quantity
        live.assert_rejected(add(service, order_id, "PEN-22", 4), 409)
    with service.unchanged():  # sku in products
        assert add(service, order_id, "NOPE-1", 1).status_code in (404, 409)
    with service.unchanged():  # order_id in orders
        live.assert_rejected(add(service, 999, "PEN-22", 1), 404)


def test_remove_line_item_restores_stock_and_totals(service: live.Service) -> None:
    order_id = create(service)
    add(service, order_id, "BOOK-1", 2)
    add(service, order_id, "PEN-22", 3)
    items = {i["product_sku"]: i for i in order_of(service, order_id)["items"]}
    removed = service.delete(f"/orders/{order_id}/items/{items['BOOK-1']['id']}")
    assert removed.status_code == 200, removed.text
    order = order_of(service, order_id)
    assert [i["product_sku"] for i in order["items"]] == ["PEN-22"]
    assert (order["subtotal"], order["total"]) == (450, 450)
    assert service.state()["inventory"]["BOOK-1"]["available"] == 50
    with service.unchanged():  # some i in items | i.id = item_id
        assert service.delete(f"/orders/{order_id}/items/9999").status_code in (404, 409)


def test_the_happy_path_through_the_lifecycle(service: live.Service) -> None:
    order_id = placed(service)
    assert order_of(service, order_id)["status"] == "PLACED"
    total = order_of(service, order_id)["total"]
    with service.unchanged():  # amount = orders[order_id].total
        live.assert_rejected(
            service.post(f"/orders/{order_id}/payments", json={"amount": total + 1}), 409
        )
    next_payment = service.state()["next_payment_id"]
    payment = service.post(f"/orders/{order_id}/payments", json={"amount": total})
    assert payment.status_code == 201, payment.text
    assert payment.json()["id"] == next_payment
    snapshot = service.state()
    stored = snapshot["payments"][str(next_payment)]
    assert (stored["order_id"], stored["amount"], stored["status"]) == (order_id, total, "CAPTURED")
    assert snapshot["orders"][str(order_id)]["status"] == "PAID"
    shipped = service.post(f"/orders/{order_id}/ship")
    assert shipped.status_code == 200 and shipped.json()["status"] == "SHIPPED"
    assert order_of(service, order_id)["shipped_at"] is not None
    delivered = service.post(f"/orders/{order_id}/deliver")
    assert delivered.status_code == 200 and delivered.json()["status"] == "DELIVERED"
    assert order_of(service, order_id)["delivered_at"] is not None
    before = service.state()
    returned = service.post(f"/orders/{order_id}/return")
    assert returned.status_code == 200 and returned.json()["status"] == "RETURNED"
    after = service.state()
    refund = after["payments"][str(before["next_payment_id"])]
    assert (refund["order_id"], refund["amount"], refund["status"]) == (order_id, total, "REFUNDED")
    assert after["next_payment_id"] == before["next_payment_id"] + 1
    assert after["inventory"] == before["inventory"]  # inventory' = inventory


# Each transition, and the states it must refuse with 409 (the lifecycle's `from` states).
WRONG_STATES = {
    "place": ("PLACED", "PAID", "SHIPPED", "CANCELLED"),
    "ship": ("DRAFT", "PLACED", "SHIPPED", "CANCELLED"),
    "deliver": ("DRAFT", "PLACED", "PAID", "CANCELLED"),
    "return": ("DRAFT", "PLACED", "PAID", "SHIPPED", "CANCELLED"),
    "cancel": ("SHIPPED", "CANCELLED"),
}


def order_in(service: live.Service, status: str) -> int:
    if status == "DRAFT":
        return create(service)
    if status == "PLACED":
        return placed(service)
    order_id = paid(service)
    steps = {"PAID": [], "SHIPPED": ["ship"], "CANCELLED": ["cancel"]}[status]
    for step in steps:
        assert service.post(f"/orders/{order_id}/{step}").status_code == 200
    assert order_of(service, order_id)["status"] == status
    return order_id


@pytest.mark.parametrize("action", list(WRONG_STATES))
def test_transitions_from_a_wrong_state_are_409_and_change_nothing(
    service: live.Service, action: str
) -> None:
    for status in WRONG_STATES[action]:
        order_id = order_in(service, status)
        with service.unchanged():
            live.assert_rejected(service.post(f"/orders/{order_id}/{action}"), 409)
    with service.unchanged():
        live.assert_rejected(service.post(f"/orders/999/{action}"), 404)


def test_cancel_refunds_only_a_paid_order(service: live.Service) -> None:
    draft = create(service)
    before = service.state()
    assert service.post(f"/orders/{draft}/cancel").status_code == 200
    after = service.state()
    assert after["orders"][str(draft)]["status"] == "CANCELLED"
    assert after["payments"] == before["payments"]
    assert after["next_payment_id"] == before["next_payment_id"]
    order_id = paid(service)
    before = service.state()
    assert service.post(f"/orders/{order_id}/cancel").status_code == 200
    after = service.state()
    refund = after["payments"][str(before["next_payment_id"])]
    assert (refund["status"], refund["order_id"]) == ("REFUNDED", order_id)
    assert refund["amount"] == before["orders"][str(order_id)]["total"]
    assert after["next_payment_id"] == before["next_payment_id"] + 1


def test_get_and_list_orders(service: live.Service) -> None:
    mine, theirs = create(service, 7), create(service, 8)
    assert service.post(f"/orders/{theirs}/cancel").status_code == 200
    got = service.get(f"/orders/{mine}")
    assert got.status_code == 200 and got.json()["customer_id"] == 7
    live.assert_rejected(service.get("/orders/999"), 404)
    everything = service.get("/orders")
    assert sorted(o["id"] for o in everything.json()) == sorted([mine, theirs])
    by_customer = service.get("/orders", params={"customer_id": 7})
    assert [o["id"] for o in by_customer.json()] == [mine]
    by_status = service.get("/orders", params={"status_filter": "CANCELLED"})
    assert [o["id"] for o in by_status.json()] == [theirs]
    both = service.get("/orders", params={"customer_id": 7, "status_filter": "CANCELLED"})
    assert both.json() == []
