# Developer entry points. `make build` -> build/spec-to-rest; `make test` runs every test.
BUILD_DIR ?= build
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release

.PHONY: build test unit clean

build:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR)

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure

test: unit

clean:
	rm -rf $(BUILD_DIR)
