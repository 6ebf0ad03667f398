"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, which trips Django's async-safety
check on database access; the tests only touch the database from synchronous code, so the check is
switched off here (and only for e2e runs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

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
#: The demo province's ward one-stop section and a commune-level procedure taken fully online there.
WARD = "UBND-PTH"
BIRTH_REGISTRATION = "1.001193"
#: Another procedure the ward takes online (its submission's start page: the citizen has no draft).
HOUSE_PERMIT = "1.013225"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class CitizenPage:
    """A citizen page to check: its path, whether it needs a signed-in citizen, its main action."""

    name: str
    path: str
    signed_in: bool = False
    action: str = "main button[type=submit]"


@dataclass
class CitizenPortal:
    """The demo province's agencies and catalogue; a citizen with a draft of a birth registration at
    the review step and a dossier of the ward's whose result was returned (with a result file)."""

    citizen: object
    draft: object
    dossier: object
    procedure_code: str = BIRTH_REGISTRATION

    def pages(self) -> list[CitizenPage]:
        """The citizen pages: the public ones, then those of a signed-in citizen."""
        from django.urls import reverse

        code, draft, dossier = self.procedure_code, self.draft.pk, self.dossier.code
        public = [
            CitizenPage("home", reverse("web:home"), action="main a.card__link"),
            CitizenPage("search", reverse("procedures:list") + "?q=giay+phep"),
            CitizenPage("procedure", reverse("procedures:detail", args=[code]), action="main a.button"),
            CitizenPage("eform", reverse("procedures:eform", args=[code])),
            CitizenPage("lookup", reverse("dossier_lookup:search")),
            CitizenPage("lookup_result", reverse("dossier_lookup:detail", args=[dossier]), action="main h1"),
            CitizenPage("sign_in", reverse("accounts:login")),
            CitizenPage("register", reverse("accounts:register")),
        ]
        signed_in = [
            CitizenPage("submission_start", reverse("submission:start", args=[HOUSE_PERMIT])),
            CitizenPage("submission_form", reverse("submission:form", args=[draft])),
            CitizenPage("submission_papers", reverse("submission:papers", args=[draft])),
            CitizenPage("submission_review", reverse("submission:review", args=[draft])),
            CitizenPage(
                "submission_done",
                reverse("submission:done", args=[dossier]),
                action=f"main a[href='{reverse('my:detail', args=[dossier])}']",
            ),
            CitizenPage("drafts", reverse("submission:drafts"), action="main a[href*='/nhap/']"),
            CitizenPage(
                "my_dossiers",
                reverse("my:list") + "?tinh-trang=tat-ca",
                action=f"main a[href='{reverse('my:detail', args=[dossier])}']",
            ),
            CitizenPage("my_dossier", reverse("my:detail", args=[dossier]), action="main a[href*='/tep/']"),
            CitizenPage("rate", reverse("feedback:rate", args=[dossier])),
        ]
        return public + [replace(page, signed_in=True) for page in signed_in]


def build_citizen_portal() -> CitizenPortal:
    """Demo agencies and catalogue (≈2 s); the ward's staff; a citizen with a returned dossier (result
    file attached) and a draft birth registration with its declaration and papers, at the review."""
    from egov.dossiers import files
    from egov.dossiers.demo import sample_value
    from egov.organizations.demo import create_demo_agencies
    from egov.organizations.models import Agency
    from egov.portal import draft_rules, drafts
    from egov.portal.models import Draft
    from egov.procedures.demo import load_demo_catalogue
    from egov.procedures.models import Procedure
    from tests.dossiers.exceptions_factories import Office
    from tests.dossiers.factories import APPLICANT
    from tests.portal.my_factories import CitizenCase, new_citizen

    create_demo_agencies()
    load_demo_catalogue()
    ward = Agency.objects.get(short_name=WARD)
    case = CitizenCase(office=Office(agency=ward), citizen=new_citizen(full_name="Nguyễn Thị Hoa"))
    dossier = case.returned()
    citizen = case.citizen
    draft = drafts.start_draft(
        owner=citizen, procedure=Procedure.objects.get(national_code=BIRTH_REGISTRATION), agency=ward
    )
    drafts.save_form(
        draft=draft,
        owner=citizen,
        applicant=APPLICANT,
        eform_document=sample_value(draft.version.eform_schema, APPLICANT),
        return_method=drafts.default_return_method(draft.version),
        complete=True,
    )
    required = draft.version.papers.filter(is_required=True).order_by("order", "pk")
    drafts.attach_files(
        draft=draft,
        owner=citizen,
        uploads=[files.Upload(f"giay-to-{paper.pk}.pdf", PDF, paper_id=paper.pk) for paper in required],
    )
    # What the papers step's "Tiếp tục" does once every required paper has its file.
    Draft.objects.filter(pk=draft.pk).update(step=draft_rules.REVIEW)
    draft.refresh_from_db()
    return CitizenPortal(citizen=citizen, draft=draft, dossier=dossier)


@pytest.fixture
def citizen_portal(transactional_db, settings, tmp_path) -> CitizenPortal:
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded files stay in the test's own folder
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
