# polevents: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz fuzz-atheris clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/polevents demo

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests

bench: $(STAMP)
	$(BIN)/polevents bench

fuzz: $(STAMP)
	POLEVENTS_FUZZ_EXAMPLES=10000 $(BIN)/pytest tests -m fuzz -p no:cacheprovider

# Coverage-guided (libFuzzer) fuzzing of reading + cleaning; atheris comes from the `fuzz` extra.
# Seeds and dictionary are in fuzz/; the growing corpus and any crash file go to build/.
ATHERIS_RUNS ?= 20000
fuzz-atheris: $(STAMP)
	$(BIN)/python -c 'import atheris' 2>/dev/null || $(BIN)/pip install --quiet -e '.[fuzz]'
	mkdir -p build/atheris-corpus
	$(BIN)/python fuzz/atheris_clean.py -atheris_runs=$(ATHERIS_RUNS) -timeout=120 \
		-dict=fuzz/html.dict -artifact_prefix=build/atheris- build/atheris-corpus fuzz/seeds/clean

clean-venv:
	rm -rf $(VENV)

# Dashboard JS, vendored into the package (never a CDN); see src/polevents/web/static/vendor/VERSIONS.md.
VENDOR_DIR := src/polevents/web/static/vendor
VENDOR_NPM := vega@5.33.1 vega-lite@5.23.0 vega-embed@6.29.0

.PHONY: vendor-js
vendor-js:
	rm -rf /tmp/polevents-vendor && mkdir -p /tmp/polevents-vendor
	cd /tmp/polevents-vendor && npm init -y >/dev/null && npm install --no-audit --no-fund $(VENDOR_NPM)
	for pkg in vega vega-lite vega-embed; do \
		sed '/sourceMappingURL=/d' /tmp/polevents-vendor/node_modules/$$pkg/build/$$pkg.min.js \
			> $(VENDOR_DIR)/$$pkg.min.js; \
		if [ -f /tmp/polevents-vendor/node_modules/$$pkg/LICENSE ]; then \
			cp /tmp/polevents-vendor/node_modules/$$pkg/LICENSE $(VENDOR_DIR)/$$pkg.LICENSE; fi; \
	done
