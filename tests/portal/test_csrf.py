"""CSRF on every form of the citizen portal: each POST form of the citizen's pages carries the token,
and the same POST without it is refused (403) and changes nothing."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from egov.accounts.models import User
from egov.dossiers.models import Dossier, DossierEvent
from egov.feedback.models import Rating
from egov.portal import drafts
from egov.portal.models import Draft, DraftFile
from tests.portal.my_factories import CitizenCase
from tests.portal.submission_setup import filled_draft, make_setup

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post_forms(html: str, page_url: str) -> list[tuple[str, str]]:
    """(action, inner html) of every POST form of a page; no action means the page itself."""
    found = []
    for attributes, inner in FORM.findall(html):
        if not re.search(r'method="post"', attributes, re.I):
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        found.append((unescape(action.group(1)) if action and action.group(1) else page_url, inner))
    return found


def citizen_pages() -> tuple[User, list[str]]:
    """A citizen with a draft at review, a dossier waiting for a supplement and a finished one."""
    setup = make_setup(online_level="full")
    draft = drafts.finish_papers(draft=filled_draft(setup), owner=setup.citizen)  # at the review
    case = CitizenCase(citizen=setup.citizen)
    waiting = case.supplement_requested()
    finished = CitizenCase(citizen=setup.citizen, office=case.office).result_ready()
    pages = [
        reverse("accounts:account"),
        reverse("accounts:profile"),
        reverse("submission:drafts"),
        reverse("submission:start", args=[setup.procedure.national_code]),
        reverse("submission:form", args=[draft.pk]),
        reverse("submission:papers", args=[draft.pk]),
        reverse("submission:review", args=[draft.pk]),
        reverse("my:list"),
        reverse("my:detail", args=[waiting.code]),
        reverse("my:supplement", args=[waiting.code]),
        reverse("my:withdraw", args=[waiting.code]),
        reverse("feedback:rate", args=[finished.code]),
        reverse("payments:pay", args=[finished.code]),
    ]
    return setup.citizen, pages


def counts() -> tuple[int, ...]:
    return (
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        Draft.objects.count(),
        DraftFile.objects.count(),
        Rating.objects.count(),
    )


def test_every_post_form_of_the_citizen_pages_has_a_token_and_is_refused_without_it():
    citizen, pages = citizen_pages()
    browser = Client()
    browser.force_login(citizen)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(citizen)
    checked = set()
    for url in pages:
        response = browser.get(url)
        if response.status_code != 200:  # e.g. the pay page of a dossier that owes nothing
            continue
        for action, inner in post_forms(response.content.decode(), url):
            assert 'name="csrfmiddlewaretoken"' in inner, f"{url}: form to {action} has no CSRF token"
            if action in checked:
                continue
            checked.add(action)
            before = counts()
            refused = strict.post(action, {"note": "x", "reason": "x", "level": "3"})
            assert refused.status_code == 403, f"{action} accepted a POST without the CSRF token"
            assert counts() == before
    assert len(checked) >= 10, checked  # the pages above really have forms: sign-out, steps, answers
    assert reverse("submission:review", args=[pages[6].split("/")[3]]) in checked  # the confirmation
