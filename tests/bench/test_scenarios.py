"""Every benchmark scenario runs once on tiny seeded data, so the harness cannot rot (nothing timed):
each request a scenario sends answers as it should, the lifecycle reaches the returned result, the
bare JSON endpoint exists only when asked for, the wrk script and the table are well formed."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from egov.bench import load, runner
from egov.bench.scenarios import SCENARIOS, Request, lifecycle, prepare, requests_of


def _send(client: Client, request: Request, n: int = 0) -> tuple[int, bytes]:
    headers = {k: v for k, v in request.headers.items() if k != "Cookie"}
    client.cookies.clear()
    for part in request.headers.get("Cookie", "").split("; "):
        if "=" in part:
            name, value = part.split("=", 1)
            client.cookies[name] = value
    if request.fresh_key:
        headers["Idempotency-Key"] = f"smoke-{n}"
    if request.method == "GET":
        response = client.get(request.path, headers=headers)
    else:
        response = client.generic(request.method, request.path, request.body.encode(), headers=headers)
    return response.status_code, response.content


@pytest.mark.django_db(transaction=True)
@override_settings(EGOV_LOOKUP_RATE_LIMIT=10**6, ROOT_URLCONF="tests.bench.bench_urlconf")
def test_every_scenario_answers_on_tiny_data() -> None:
    from egov.bench.seed import seed
    from egov.dossiers.models import Dossier

    seed(dossiers=120, years=0.5, procedures=70, progress=False)
    context = prepare()
    client = Client(enforce_csrf_checks=True)
    for name in SCENARIOS:
        if name == "lifecycle":
            continue
        requests = requests_of(name, context)
        assert requests, name
        status, content = _send(client, requests[0])
        expected = 201 if name == "intake" else 200
        assert status == expected, (name, status, content[:500])
        if name == "lookup":
            assert json.loads(content)["code"] == context.codes[0]
        if name == "form01":
            assert content.startswith(b"%PDF-")

    # The lifecycle: intake, then every action of the path, as the officers who take them.
    created = Dossier.objects.count()
    status, content = _send(client, requests_of("intake", context)[0], 99)
    code = json.loads(content)["code"]
    for action, headers in context.path:
        status, content = _send(client, Request("POST", f"/api/v1/dossiers/{code}/actions",
                                                {**headers, "Content-Type": "application/json"},
                                                json.dumps({"action": action})))  # fmt: skip
        assert status < 400, (action, content[:300])
    assert Dossier.objects.get(code=code).national_status == 10
    assert Dossier.objects.count() == created + 1
    assert callable(lifecycle(context))


@pytest.mark.django_db
def test_bare_json_is_mounted_only_when_asked_for(client: Client) -> None:
    assert client.get("/bench/json").status_code == 404
    with override_settings(ROOT_URLCONF="tests.bench.bench_urlconf"):
        response = client.get("/bench/json")
    assert response.status_code == 200 and response.json()["ok"] is True


def test_wrk_script_cycles_requests_and_reports_json() -> None:
    script = load.wrk_script(
        [Request("POST", "/api/v1/dossiers", {"Cookie": 'a="b"'}, '{"x": "ạ\\n"}', True)]
    )
    assert '["Cookie"] = "a=\\"b\\""' in script
    assert "Idempotency-Key" in script and "WRKJSON" in script


def test_table_shows_ratios_and_goals() -> None:
    row = runner.Row("lookup", "", "wrk", 600.0, 5.0, 9.0, 12.0, 0, bare_ratio=0.6, pgbench_ratio=0.02,
                     goal=SCENARIOS["lookup"].goal_text)  # fmt: skip
    row.met = runner._goal_met(row)
    table = runner.format_table([row], {"read": 30000.0})
    assert "| lookup | wrk | 600.0 | 5.0 | 9.0 | 12.0 | 0 | 60% | 2.0% |" in table and "| yes |" in table
    assert "select-only (-S) 30,000 tps" in table
