# egov — two public targets: `make demo` and `make test`. Everything else is a helper.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# A Python >= 3.12: pyenv picks 3.12 from .python-version; otherwise the first suitable one on PATH.
PYTHON := $(shell for c in python3.12 python3.13 python3.14 python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then command -v $$c; break; fi; done)

.PHONY: demo test lint format e2e-browser node-packages form-fonts check-system help bench bench-tools

help:
	@echo "make demo   — cài đặt, chuẩn bị dữ liệu mẫu tỉnh Huế và chạy tại http://127.0.0.1:8000"
	@echo "make test   — cài đặt bản phát triển và chạy toàn bộ bộ kiểm thử"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "egov cần Python >= 3.12 (egov needs Python >= 3.12)."; \
		echo "Cài bằng / install with:  sudo apt-get install -y python3.12 python3.12-venv   (hoặc: pyenv install 3.12)"; \
		exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/egov compilemessages --ignore=.venv
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/egov compilemessages --ignore=.venv
	@touch $@ $(VENV)/.installed-base

check-system: $(VENV)/.installed-base
	@$(BIN)/egov doctor

# The browser for tests/e2e is Debian's chromium, driven by Playwright (no browser download).
e2e-browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Cài Chromium cho kiểm thử giao diện (installing Debian's chromium for browser tests)…"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || exit 1; \
		else \
			echo "Thiếu Chromium cho kiểm thử giao diện. Cài bằng:  sudo apt-get install -y chromium"; exit 1; \
		fi; \
	fi

# Front-end packages for the tests (axe-core) come from the npm registry through package.json and its
# lock, never copied into the repository. Reinstalled when the lock (or package.json) changes.
node_modules/.egov-installed: package.json $(wildcard package-lock.json)
	@if ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Cài Node.js và npm cho kiểm thử giao diện (installing Debian's nodejs and npm)…"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) || exit 1; \
		else \
			echo "Thiếu npm cho kiểm thử giao diện. Cài bằng:  sudo apt-get install -y nodejs npm"; exit 1; \
		fi; \
	fi
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

node-packages: node_modules/.egov-installed

# Official forms are set in Liberation Serif (Times-metric, Vietnamese glyphs): Debian's fonts-liberation2.
form-fonts:
	@if ! fc-list ':lang=vi' family 2>/dev/null | grep -qE 'Liberation Serif|Tinos|Times New Roman'; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Cài phông chữ cho biểu mẫu in (installing fonts-liberation2 for the official forms)…"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fontconfig fonts-liberation2 >/dev/null) || exit 1; \
		else \
			echo "Thiếu phông chữ cho biểu mẫu in. Cài bằng:  sudo apt-get install -y fonts-liberation2"; exit 1; \
		fi; \
	fi

demo: $(VENV)/.installed-base form-fonts check-system
	$(BIN)/egov demo

test: $(VENV)/.installed-dev form-fonts check-system e2e-browser node-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# Benchmarks (bench/README.md), PostgreSQL only: wrk (load) and pgbench (the database's ceiling) from
# Debian. BENCH_DATABASE_URL is dropped and created again (its name must start with egov_bench).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/egov_bench
BENCH_DOSSIERS ?= 1000000
BENCH_SECONDS ?= 30
bench-tools:
	@if ! command -v wrk >/dev/null || ! command -v pgbench >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Cài wrk và pgbench để đo hiệu năng (installing Debian's wrk and postgresql-client)…"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client >/dev/null) || exit 1; \
		else \
			echo "Thiếu wrk hoặc pgbench. Cài bằng:  sudo apt-get install -y wrk postgresql-client"; exit 1; \
		fi; \
	fi

bench: $(VENV)/.installed-dev form-fonts bench-tools
	$(BIN)/python bench/all.py --database-url $(BENCH_DATABASE_URL) --dossiers $(BENCH_DOSSIERS) --seconds $(BENCH_SECONDS) $(BENCH_ARGS)
