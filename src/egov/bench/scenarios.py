"""The measured scenarios: what each one requests, as whom, and its goal (bench/README.md).

`prepare()` reads the seeded database once (codes to look up, the service centre's receiver and the
officers of one province procedure's path, a province-level officer) and signs those officers in
(database sessions, as the sign-in page leaves them; the server shares the secret key through
EGOV_VAR_DIR). Every scenario is a list of requests for the load generator, except the lifecycle, a
flow of requests per dossier (intake, then every action to the returned result) run by the Python
client. `requests_of()` gives the smoke test each scenario's requests to send once.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from egov.bench.load import Request, send

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Goal:
    metric: str  # "bare_ratio" (share of the bare JSON throughput), "throughput", "p50", "p99"
    value: float
    also_p99_ms: float | None = None

    def text(self) -> str:
        if self.metric == "bare_ratio":
            extra = f", p99 ≤ {self.also_p99_ms:g} ms" if self.also_p99_ms else ""
            return f"≥ {self.value:.0%} of bare JSON{extra}"
        if self.metric == "throughput":
            return f"≥ {self.value:g} /s"
        return f"{self.metric} ≤ {self.value:g} ms"


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    kind: str  # "read" or "write": which pgbench run is its database ceiling
    goal: Goal | None

    @property
    def goal_text(self) -> str:
        return self.goal.text() if self.goal else ""


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in [
        Scenario("bare", "bare Django JSON view /bench/json (framework ceiling)", "read", None),
        Scenario(
            "lookup",
            "public lookup by code, GET /api/v1/public/dossiers/{code}",
            "read",
            Goal("bare_ratio", 0.60, also_p99_ms=50),
        ),
        Scenario(
            "intake",
            "intake POST /api/v1/dossiers (Idempotency-Key, 1 PDF)",
            "write",
            Goal("throughput", 300),
        ),
        Scenario("inbox", "officer inbox, first page GET /ho-so/ (service centre)", "read", Goal("p50", 30)),
        Scenario(
            "inbox_deep",
            "officer inbox, deep page GET /ho-so/?tab=finished&page=200",
            "read",
            Goal("p50", 30),
        ),
        Scenario("lifecycle", "intake + every action to the returned result (API)", "write", None),
        Scenario("search", "catalogue search GET /thu-tuc/?q=… (6,500 procedures)", "read", Goal("p50", 20)),
        Scenario(
            "form01", "form 01 PDF with QR GET /ho-so/{code}/giay-tiep-nhan.pdf", "read", Goal("p50", 150)
        ),
        Scenario(
            "statistics", "province statistics GET /ho-so/thong-ke/?period=<year>", "read", Goal("p50", 100)
        ),
    ]
}


@dataclass
class Context:
    """What the scenarios need from the seeded database."""

    codes: list[str]
    centre_codes: list[str]
    receiver_cookie: dict[str, str]
    province_cookie: dict[str, str]
    intake_body: dict[str, Any]
    path: list[tuple[str, dict[str, str]]]  # (action code, headers of the officer taking it)
    searches: list[str]
    year: int
    sessions: list[str] = field(default_factory=list)


def _session(user: Any) -> dict[str, str]:
    """Headers of a signed-in officer: the session cookie, and a CSRF token for unsafe methods."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    token = _get_new_csrf_string()
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}",
        "X-CSRFToken": token,
    }


def prepare(seed: int = 7) -> Context:
    from django.db.models import Count

    from egov.accounts.models import User
    from egov.bench import catalogue
    from egov.bench.province import routes
    from egov.dossiers.models import Dossier
    from egov.organizations.models import Agency, Membership

    rng = random.Random(seed)
    ids = list(Dossier.objects.order_by("-pk").values_list("pk", flat=True)[:1])
    top = ids[0] if ids else 0
    picks = {rng.randint(1, top) for _ in range(3000)} if top else set()
    codes = list(Dossier.objects.filter(pk__in=picks).values_list("code", flat=True))
    centre = (
        Dossier.objects.values("current_agency").annotate(n=Count("pk")).order_by("-n").first()
        if top
        else None
    )
    province = routes()
    at_centre = [route for route in province.routes if route.level != "commune" and route.hops]
    route = max(at_centre or province.routes, key=lambda item: len(item.hops))
    receiver = User.objects.get(pk=route.receiver_id)
    centre_id = centre["current_agency"] if centre else route.agency_id
    centre_codes = list(
        Dossier.objects.filter(agency_id=route.agency_id).order_by("-pk").values_list("code", flat=True)[:500]
    )
    root = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    chief = (
        Membership.objects.filter(agency=root, is_active=True, user__totp_secret="", role="leader")
        .select_related("user")
        .first()
    )
    from egov.procedures.models import RequiredPaper

    papers = list(RequiredPaper.objects.filter(version_id=route.version_id).order_by("order", "pk"))
    required = [paper.code for paper in papers if paper.is_required] or [papers[0].code] if papers else []
    body = {
        "procedure": route.national_code,
        "agency": route.agency_identifier,
        "channel": "counter",
        "applicant": {
            "full_name": "Nguyễn Thị Hương",
            "citizen_id": "046195000123",
            "phone": "0905123456",
            "address": "12 Lê Lợi, phường Thuận Hóa",
        },
        "papers": [{"code": code} for code in required],
        "files": [{"name": "don.pdf", "content": base64.b64encode(PDF).decode(), "paper": required[0]}]
        if required
        else [{"name": "don.pdf", "content": base64.b64encode(PDF).decode()}],
    }
    sessions: dict[int, dict[str, str]] = {}

    def session_of(user_id: int) -> dict[str, str]:
        if user_id not in sessions:
            sessions[user_id] = _session(User.objects.get(pk=user_id))
        return sessions[user_id]

    path = [(hop.action, session_of(hop.actor_id)) for hop in route.hops if hop.actor_id is not None]
    searches = [str(item.get("q", "")) for item in catalogue.search_workload(rng, 300) if item.get("q")]
    del centre_id
    return Context(
        codes=codes or ["000.00.00.H57-000101-0001"],
        centre_codes=centre_codes or codes,
        receiver_cookie=session_of(receiver.pk),
        province_cookie=_session(chief.user) if chief else session_of(receiver.pk),
        intake_body=body,
        path=path,
        searches=searches,
        year=dt.date.today().year,
    )


def requests_of(name: str, context: Context) -> list[Request]:
    """The requests the load generator cycles over for scenario ``name`` (not the lifecycle)."""
    receiver, province = context.receiver_cookie, context.province_cookie
    get_receiver = {"Cookie": receiver["Cookie"]}
    if name == "bare":
        return [Request("GET", "/bench/json")]
    if name == "lookup":
        return [Request("GET", f"/api/v1/public/dossiers/{quote(code)}") for code in context.codes]
    if name == "intake":
        headers = {**receiver, "Content-Type": "application/json"}
        return [Request("POST", "/api/v1/dossiers", headers, json.dumps(context.intake_body), fresh_key=True)]
    if name == "inbox":
        return [Request("GET", "/ho-so/", get_receiver)]
    if name == "inbox_deep":
        return [Request("GET", "/ho-so/?tab=finished&page=200", get_receiver)]
    if name == "search":
        return [Request("GET", "/thu-tuc/?" + urlencode({"q": text})) for text in context.searches]
    if name == "form01":
        return [
            Request("GET", f"/ho-so/{quote(code)}/giay-tiep-nhan.pdf", get_receiver)
            for code in context.centre_codes[:200]
        ]
    if name == "statistics":
        return [Request("GET", f"/ho-so/thong-ke/?period={context.year}", {"Cookie": province["Cookie"]})]
    raise KeyError(name)


def lifecycle(context: Context) -> Callable[[tuple[str, int], int], int]:
    """One dossier from intake to the returned result through the API; returns the failures."""
    intake = requests_of("intake", context)[0]

    def flow(address: tuple[str, int], n: int) -> int:
        status, content, _ = send(address, intake)
        if status != 201:
            return 1
        code = json.loads(content)["code"]
        for action, headers in context.path:
            request = Request(
                "POST",
                f"/api/v1/dossiers/{quote(code)}/actions",
                {**headers, "Content-Type": "application/json"},
                json.dumps({"action": action}),
            )
            status, _, _ = send(address, request)
            if status >= 400:
                return 1
        return 0

    return flow
