"""Load generators: wrk (Debian's package; C, one thread, does not starve a 2-core server) driven by a
generated Lua script, or a Python client (threads, one HTTP connection per request as gunicorn's sync
workers close them) for multi-request flows and where wrk is missing. Both report throughput and
p50/p95/p99 latency of successful requests and count errors."""

from __future__ import annotations

import http.client
import json
import secrets
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    fresh_key: bool = False
    """Send a new ``Idempotency-Key`` with every request (dossier intake)."""


@dataclass
class Result:
    client: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def has_wrk() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def wrk_script(requests: Sequence[Request]) -> str:
    """A Lua script cycling over ``requests`` (same method, headers and body), printing JSON at the end."""
    first = requests[0]
    paths = ",\n".join(_lua_string(item.path) for item in requests)
    headers = ",\n".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in first.headers.items())
    body = _lua_string(first.body) if first.body else "nil"
    return f"""
local paths = {{ {paths} }}
local base = {{ {headers} }}
local method = "{first.method}"
local body = {body}
local fresh = {"true" if first.fresh_key else "false"}
local prefix = "{secrets.token_hex(6)}"
local counter = 0
local count = 0
function setup(thread)
  count = count + 1
  thread:set("tid", count)
end
function request()
  counter = counter + 1
  local headers = {{}}
  for k, v in pairs(base) do headers[k] = v end
  if fresh then headers["Idempotency-Key"] = "bench-" .. prefix .. "-" .. tid .. "-" .. counter end
  return wrk.format(method, paths[(counter % #paths) + 1], headers, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {{"requests":%d,"duration_us":%d,"errors":%d,"status":%d,' ..
    '"p50":%d,"p95":%d,"p99":%d}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def run_wrk(
    base_url: str, requests: Sequence[Request], *, seconds: float, connections: int, workdir: Path
) -> Result:
    script = workdir / f"wrk-{secrets.token_hex(4)}.lua"
    script.write_text(wrk_script(requests))
    try:
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "20s",
                "-s",
                str(script),
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        script.unlink(missing_ok=True)
    line = next((row for row in done.stdout.splitlines() if row.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    data = json.loads(line.removeprefix("WRKJSON "))
    return Result(
        client="wrk",
        requests=int(data["requests"]) - int(data["status"]),
        seconds=data["duration_us"] / 1e6,
        errors=int(data["errors"]) + int(data["status"]),
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
    )


def _send(
    base: tuple[str, int], request: Request, timeout: float = 30.0
) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection(base[0], base[1], timeout=timeout)
    try:
        headers = dict(request.headers)
        if request.fresh_key:
            headers["Idempotency-Key"] = f"bench-{secrets.token_hex(8)}"
        connection.request(request.method, request.path, body=request.body.encode() or None, headers=headers)
        response = connection.getresponse()
        content = response.read()
        return response.status, content, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def percentiles(timings: list[float]) -> tuple[float, float, float]:
    if not timings:
        return 0.0, 0.0, 0.0
    if len(timings) == 1:
        return timings[0], timings[0], timings[0]
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return statistics.median(timings), cuts[94], cuts[98]


def run_python(
    base_url: str,
    flow: Callable[[tuple[str, int], int], int],
    *,
    seconds: float,
    connections: int,
    minimum: int = 0,
) -> Result:
    """``connections`` threads repeating ``flow(address, n)`` (one request, or a whole lifecycle) for
    ``seconds`` (and at least ``minimum`` times in all); ``flow`` returns the number of failures."""
    parts = urlsplit(base_url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    counter = [0]

    def worker() -> None:
        while True:
            with lock:
                n = counter[0]
                if time.perf_counter() >= deadline and n >= minimum:
                    return
                counter[0] += 1
            started = time.perf_counter()
            failed = flow(address, n)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if failed:
                    errors[0] += failed
                else:
                    timings.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = time.perf_counter() - started
    p50, p95, p99 = percentiles(timings)
    return Result("python", len(timings), total, errors[0], p50, p95, p99)


def single_requests(requests: Sequence[Request]) -> Callable[[tuple[str, int], int], int]:
    def flow(address: tuple[str, int], n: int) -> int:
        status, _, _ = _send(address, requests[n % len(requests)])
        return 0 if status < 400 else 1

    return flow


send = _send
