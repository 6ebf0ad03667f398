"""Benchmark scenario: catalogue search over 6,500 procedures (through the page).

Prints throughput, p50/p95/p99 latency and the ratios to the bare JSON view and to pgbench measured
in the same run (bench/README.md).

    .venv/bin/python bench/search_page.py [--database-url URL] [--seconds 30] [--connections 8]
"""

from _harness import main

if __name__ == "__main__":
    raise SystemExit(main("search"))
