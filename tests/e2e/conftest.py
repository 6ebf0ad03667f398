"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, which trips Django's async-safety
check on database access; the tests only touch the database from synchronous code, so the check is
switched off here (and only for e2e runs).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils.timezone import now

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_context_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A function that opens a fresh Chromium profile (own user-data dir) with the given options."""
    from playwright.sync_api import sync_playwright

    contexts = []
    with sync_playwright() as playwright:

        def open_context(**options: object) -> object:
            user_data = Path(tmp_path_factory.mktemp("chromium-profile"))
            context = playwright.chromium.launch_persistent_context(
                str(user_data),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                locale="vi-VN",
                **options,
            )
            contexts.append(context)
            return context

        yield open_context
        for context in contexts:
            context.close()


@pytest.fixture
def page(browser_context_factory, live_server) -> Iterator[object]:
    context = browser_context_factory(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    page.close()


# --- The citizen portal: data, sign-in, pages (quality checks and the journey) ----------------------
#: The demo province's ward one-stop section and a commune-level procedure with an e-form there.
WARD = "UBND-PTH"
BIRTH_REGISTRATION = "1.001193"
APPLICANT = {
    "full_name": "Trần Thị Mai",
    "citizen_id": "046190004321",
    "phone": "0905 111 222",
    "email": "mai.tran@example.vn",
    "address": "12 Lê Lợi, phường Thuận Hóa, thành phố Huế",
}


@dataclass(frozen=True)
class CitizenPage:
    """A citizen page to check: its path, whether it needs a signed-in citizen, its main action."""

    name: str
    path: str
    signed_in: bool = False
    action: str = "main button[type=submit]"


@dataclass
class CitizenPortal:
    """The demo province's agencies and catalogue, a citizen, and one dossier received at the ward."""

    citizen: object
    dossier: object
    procedure_code: str = BIRTH_REGISTRATION

    def pages(self) -> list[CitizenPage]:
        """The citizen pages that exist today (pages of apps not built yet are left out)."""
        from django.urls import NoReverseMatch, reverse

        code = self.procedure_code
        pages = [
            CitizenPage("home", reverse("web:home"), action="main a.card__link"),
            CitizenPage("search", reverse("procedures:list") + "?q=giay+phep"),
            CitizenPage("procedure", reverse("procedures:detail", args=[code]), action="main a.button"),
            CitizenPage("eform", reverse("procedures:eform", args=[code])),
            CitizenPage("lookup", reverse("dossier_lookup:search")),
            CitizenPage(
                "lookup_result", reverse("dossier_lookup:detail", args=[self.dossier.code]), action="main h1"
            ),
            CitizenPage("sign_in", reverse("accounts:login")),
            CitizenPage("register", reverse("accounts:register")),
        ]
        for name, url_name, args, action in (
            ("submission", "submission:start", [code], "main button[type=submit]"),
            ("my_dossiers", "my:list", [], "main h1"),
        ):
            with contextlib.suppress(NoReverseMatch):
                pages.append(CitizenPage(name, reverse(url_name, args=args), signed_in=True, action=action))
        return pages


def build_citizen_portal() -> CitizenPortal:
    """Demo agencies and catalogue (≈2 s), a citizen, and a birth registration received at the ward's
    counter (so the public lookup has a result page)."""
    from egov.dossiers.services import PaperReceipt, receive_at_counter
    from egov.organizations.demo import create_demo_agencies
    from egov.organizations.models import Agency, Role
    from egov.procedures import selectors
    from egov.procedures.demo import load_demo_catalogue
    from egov.procedures.models import Procedure
    from tests.accounts.factories import make_citizen, make_officer

    create_demo_agencies()
    load_demo_catalogue()
    ward = Agency.objects.get(short_name=WARD)
    receiver = make_officer(ward, Role.RECEIVER, full_name="Đặng Văn Tùng")
    procedure = Procedure.objects.get(national_code=BIRTH_REGISTRATION)
    version = selectors.version_in_force(procedure, now())
    dossier = receive_at_counter(
        officer=receiver,
        agency=ward,
        procedure=procedure,
        applicant=APPLICANT,
        papers=[PaperReceipt(paper_id=paper.pk) for paper in version.papers.all()],
    )
    citizen = make_citizen(full_name="Nguyễn Thị Hoa", email="hoa.nguyen@example.vn")
    return CitizenPortal(citizen=citizen, dossier=dossier)


@pytest.fixture
def citizen_portal(transactional_db) -> CitizenPortal:
    return build_citizen_portal()


def sign_in_context(context: object, user: object, base_url: str) -> None:
    """Give a browser context the session of ``user`` (a signed-in citizen) without the sign-in form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


@pytest.fixture
def portal_contexts(browser_context_factory, live_server, citizen_portal):
    """A function opening two browser contexts with the same options: {False: anonymous, True: signed in
    as the portal's citizen}, so each citizen page is opened the way a citizen reaches it."""

    def open_contexts(**options: object) -> dict[bool, object]:
        anonymous = browser_context_factory(**options)
        signed_in = browser_context_factory(**options)
        sign_in_context(signed_in, citizen_portal.citizen, live_server.url)
        return {False: anonymous, True: signed_in}

    return open_contexts


def open_citizen_page(page: object, base_url: str, spec: CitizenPage) -> None:
    """Go to ``spec``'s page and check it is that page (not a redirect to sign-in, not an error)."""
    response = page.goto(base_url + spec.path)
    assert response is not None and response.status == 200, (
        f"{spec.name}: HTTP {response and response.status}"
    )
    assert page.url == base_url + spec.path, f"{spec.name}: redirected to {page.url}"
