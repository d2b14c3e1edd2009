# cchc-dashboard — two commands on a fresh Debian machine (root, Python 3.11):
#   make run    install, build the demo warehouse (SQLite), serve http://127.0.0.1:8050
#   make test   install what the tests need (Chromium, PostgreSQL), run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test install runtime-deps system-deps lint bench demo clean screenshots

# The first run builds the demo warehouse and its demo accounts (one per role, random
# passwords, kept in data/demo-accounts.txt, mode 0600); every run shows them again.
run: install runtime-deps
	@test -f data/warehouse.db || $(VENV)/bin/cchc demo
	@test ! -f data/demo-accounts.txt || cat data/demo-accounts.txt
	$(VENV)/bin/cchc serve --host $(HOST) --port $(PORT)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages: the app's exports need Chromium (kaleido) and fonts with full Vietnamese
# coverage; the tests also need ChromeDriver, PostgreSQL and Redis servers and pdftotext.
RUN_PACKAGES := chromium:/usr/bin/chromium fonts-noto-core:/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
TEST_PACKAGES := $(RUN_PACKAGES) chromium-driver:/usr/bin/chromedriver postgresql:/usr/lib/postgresql poppler-utils:/usr/bin/pdftotext redis-server:/usr/bin/redis-server

define apt_install
	@missing=""; \
	for entry in $(1); do \
	  [ -e "$${entry#*:}" ] || missing="$$missing $${entry%%:*}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages (install them as root):$$missing"; exit 1; fi; \
	fi
endef

runtime-deps:
	$(call apt_install,$(RUN_PACKAGES))

system-deps:
	$(call apt_install,$(TEST_PACKAGES))

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: install system-deps lint
	CCHC_REQUIRE_SERVICES=1 $(PY) -m pytest -n 2 --headless -q

# The performance benchmark (README, "Performance"): the province and the national demo, each on
# SQLite and on PostgreSQL, in one table with the targets; what it needs is installed as for the
# tests.  The demo warehouses (and a PostgreSQL cluster of its own) are built on first use and
# kept in .tmp/bench/ (the national ones take a while); the figures also go to BENCH_OUT.
BENCH_OUT ?= .tmp/bench/results.json
BENCH_ARGS ?= --scale province --scale national --backend sqlite --backend postgresql
bench: install system-deps
	$(VENV)/bin/cchc bench $(BENCH_ARGS) --out $(BENCH_OUT)

demo: install
	$(VENV)/bin/cchc demo

clean:
	rm -rf $(VENV) assets/vendor .tmp data/warehouse.db* data/demo data/demo-accounts.txt

# Refresh docs/screenshots/ (the browser tests take them) on the demo data.
screenshots: install
	CCHC_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest --headless -q tests/test_leadership_pages.py tests/test_analysis_pages.py
