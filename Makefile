# Developer entry points. `make build` -> build/spec-to-rest; `make test` runs every test.
BUILD_DIR ?= build
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release

.PHONY: build test unit clean

build:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR)

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure

# Every test: unit (Release), unit under ASan/UBSan, the front-end fuzzer, end to end.
test: unit asan fuzz e2e

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(FUZZ_BUILD_DIR)

# ---------------------------------------------------------------------------------------------
# Setup, sanitizers, fuzzing, end-to-end tests and benchmarks (owned by build/CI).
# Fresh machine: `make setup run` (main job) and `make setup test` (all tests).

.PHONY: setup asan fuzz e2e bench run

ASAN_BUILD_DIR ?= build-asan
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CORPUS ?= tests/fuzz/corpus-run
SHARED_DIR ?= ../shared
PYTEST_ARGS ?=

# Both cores for ctest (one process per test case).
export CTEST_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

setup:
	scripts/setup

asan:
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DS2R_SANITIZE=ON
	cmake --build $(ASAN_BUILD_DIR)
	cd $(ASAN_BUILD_DIR) && ctest --output-on-failure

# Coverage instrumentation must reach the libraries too, not only the harness, so the flags go
# into CMAKE_CXX_FLAGS for the whole fuzz build.
FUZZ_CXX_FLAGS = -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined

fuzz:
	@test -f tests/fuzz/fuzz_front_end.cpp || { \
	  echo "make fuzz: error: tests/fuzz/fuzz_front_end.cpp does not exist yet;" \
	       "the libFuzzer target has not been written" >&2; exit 1; }
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DS2R_FUZZ=ON -DS2R_TESTS=OFF "-DCMAKE_CXX_FLAGS=$(FUZZ_CXX_FLAGS)"
	cmake --build $(FUZZ_BUILD_DIR) --target fuzz_front_end
	@scripts/run-fuzzer "$(FUZZ_BUILD_DIR)/tests/fuzz/fuzz_front_end" "$(FUZZ_SECONDS)" \
	  "$(FUZZ_CORPUS)" "$(FUZZ_BUILD_DIR)/artifacts" \
	  examples tests/fuzz/corpus "$(SHARED_DIR)/fixtures"

# Needs the databases (started here, left running; `scripts/databases stop` stops them) and the
# pinned venv; the tests get the compiler, the database base URLs and the venv in their env.
e2e: build
	scripts/databases start
	@set -e; venv=$$(scripts/python-env tests); eval "$$(scripts/databases env)"; \
	export S2R_BINARY="$(abspath $(BUILD_DIR))/spec-to-rest" S2R_VENV="$$venv" \
	  S2R_SHARED_DIR="$(abspath $(SHARED_DIR))" PATH="$$venv/bin:$$PATH"; \
	echo "e2e: venv $$venv"; \
	rc=0; "$$venv/bin/python" -m pytest -p no:cacheprovider -ra $(PYTEST_ARGS) tests/e2e || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "e2e: warning: pytest collected no tests in tests/e2e" >&2; rc=0; fi; \
	exit $$rc

# Front end per fixture (in-process), then whole `compile` processes pinned to CPU 0
# (bench_compile pins itself, like `taskset -c 0`; target 20 ms per fixture).
BENCH_RUNS ?= 21
bench: build
	@bin=""; for b in $(BUILD_DIR)/bench_front_end $(BUILD_DIR)/bench/bench_front_end; do \
	  if [ -x "$$b" ]; then bin=$$b; break; fi; done; \
	if [ -z "$$bin" ]; then \
	  echo "make bench: error: bench_front_end was not built (bench/bench_front_end.cpp)" >&2; \
	  exit 1; fi; \
	echo "bench: $$bin"; "$$bin" "$(SHARED_DIR)/fixtures/spec"
	@bin=$(BUILD_DIR)/bench/bench_compile; \
	if [ ! -x "$$bin" ]; then \
	  echo "make bench: error: bench_compile was not built (bench/bench_compile.cpp)" >&2; \
	  exit 1; fi; \
	echo "bench: $$bin"; "$$bin" --fixtures "$(SHARED_DIR)/fixtures/spec" --runs $(BENCH_RUNS)

# Main job: compile examples/library_loans.spec for SQLite into out/library_loans, migrate it and
# serve it on http://127.0.0.1:8000 (foreground; Ctrl-C stops it).
RUN_SPEC ?= examples/library_loans.spec
RUN_OUT ?= out/library_loans
run: build
	rm -f $(RUN_OUT)/library_loans.db
	$(BUILD_DIR)/spec-to-rest compile --db sqlite -o $(RUN_OUT) $(RUN_SPEC)
	@venv="$$(scripts/python-env tests | tail -1)" && cd $(RUN_OUT) && \
	  PYTHONPATH=. "$$venv/bin/python" -m alembic upgrade head && \
	  PYTHONPATH=. exec "$$venv/bin/python" -m uvicorn app.main:app --host 127.0.0.1 --port 8000
