"""Settings of the server the benchmarks measure: production settings (DEBUG off, same middleware,
same database) plus the bare JSON endpoint, and rate limits lifted so that one load generator on
127.0.0.1 measures the lookup instead of the limiter (the limiter's cache hit still runs)."""

from egov.settings import *  # noqa: F403

DEBUG = False
EGOV_BENCH_ENDPOINTS = True
EGOV_RATE_LIMITS = {"lookup": (10**9, 60), "submission": (10**9, 600), "sign_in": (10**9, 300)}
EGOV_LOOKUP_RATE_LIMIT = 10**9
