# polevents: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz clean-venv

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
