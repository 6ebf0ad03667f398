"""Benchmark scenario: public lookup by code (hot read).

Prints throughput, p50/p95/p99 latency and the ratios to the bare JSON view and to pgbench measured
in the same run (bench/README.md).

    .venv/bin/python bench/lookup.py [--database-url URL] [--seconds 30] [--connections 8]
"""

from _harness import main

if __name__ == "__main__":
    raise SystemExit(main("lookup"))
