# The human commands. `make` builds build/duijie (Debug: ASan+UBSan,
# warnings are errors); `make test` and `make demo` first install what is
# missing (scripts/install-deps), so both work on a fresh Debian 12 machine.
BUILD   ?= build
RELEASE ?= build-release
JOBS    ?= 2
MAKEFLAGS += --no-print-directory
CMAKE_FLAGS ?=

.PHONY: all build deps test demo release bench fmt fmt-check clean check-src

all: build

deps:
	@sh scripts/install-deps

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Debug -DDJ_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

release:
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DDJ_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(RELEASE) -j$(JOBS)

test: deps check-src fmt-check build
	@bash tests/run $(BUILD)

demo: deps build
	@./$(BUILD)/duijie demo

bench: deps release
	@bash bench/run $(RELEASE)

fmt:
	@clang-format -i $$(git ls-files '*.c' '*.h')

fmt-check:
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

check-src:
	@sh scripts/checksrc.sh

clean:
	rm -rf $(BUILD) $(RELEASE)
