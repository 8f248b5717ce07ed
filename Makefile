# The human commands. `make` builds build/duijie (Debug: ASan+UBSan,
# warnings are errors); `make test` and `make demo` first install what is
# missing (scripts/install-deps), so both work on a fresh Debian 12 machine.
BUILD   ?= build
RELEASE ?= build-release
JOBS    ?= 2
MAKEFLAGS += --no-print-directory
CMAKE_FLAGS ?=
# Build a subset while other modules are half-written: make build DJ_ONLY='/src/(text|index)/'
DJ_ONLY ?=

FUZZ_SECONDS ?= 60

.PHONY: all build deps test demo release bench fmt fmt-check clean check-src fuzz

all: build

deps:
	@sh scripts/install-deps

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Debug -DDJ_WERROR=ON "-DDJ_ONLY=$(DJ_ONLY)" $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

release:
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DDJ_WERROR=ON "-DDJ_ONLY=$(DJ_ONLY)" $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(RELEASE) -j$(JOBS)

test: deps check-src fmt-check build release
	@bash tests/run $(BUILD)

demo: deps build
	@./$(BUILD)/duijie demo

bench: deps release
	@bash bench/run $(RELEASE)

# libFuzzer (clang-14) over every tests/fuzz/fuzz_*.c, FUZZ_SECONDS each,
# starting from the checked-in corpus (new inputs go to build-fuzz/corpus/).
fuzz: deps
	@cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 -DDJ_FUZZ=ON \
		-DDJ_WERROR=OFF >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target $$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$$//')
	@for f in build-fuzz/tests/fuzz/fuzz_*; do n=$$(basename $$f); c=$${n#fuzz_}; \
		mkdir -p build-fuzz/corpus/$$c; echo "== $$n"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 build-fuzz/corpus/$$c \
		tests/fuzz/corpus/$$c || exit 1; done

fmt:
	@clang-format -i $$(git ls-files '*.c' '*.h')

fmt-check:
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

check-src:
	@sh scripts/checksrc.sh

clean:
	rm -rf $(BUILD) $(RELEASE)
