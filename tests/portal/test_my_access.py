"""No dossier of one citizen is visible to another: every URL of "Hồ sơ của tôi" and of the rating
answers 404 (not 403, so a code is never confirmed) to another citizen and to an officer, exactly as
for a code that does not exist; an anonymous visitor is sent to sign in; nothing is written."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.feedback.models import Rating
from tests.portal.my_factories import PDF, CitizenCase, new_citizen

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _urls(dossier: Dossier) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every page of a dossier in the portal."""
    code = dossier.code
    form = dossier.events.get(details__form="02")
    scan = DossierFile.objects.filter(dossier=dossier).first()
    assert scan is not None
    upload = {"files": [SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")]}
    return [
        ("get", reverse("my:detail", args=[code]), {}),
        ("get", reverse("my:receipt_pdf", args=[code]), {}),
        ("get", reverse("my:form_pdf", args=[code, "02", form.pk]), {}),
        ("get", reverse("my:file", args=[code, scan.pk]), {}),
        ("get", reverse("my:supplement", args=[code]), {}),
        ("post", reverse("my:supplement", args=[code]), upload),
        ("get", reverse("my:withdraw", args=[code]), {}),
        ("post", reverse("my:withdraw", args=[code]), {"reason": "Rút giúp tôi"}),
        ("get", reverse("feedback:rate", args=[code]), {}),
        ("post", reverse("feedback:rate", args=[code]), {"level": "1", "comment": "x"}),
    ]


def _written() -> tuple[int, int, int, int, int]:
    return (
        DossierEvent.objects.count(),
        DossierFile.objects.count(),
        Rating.objects.count(),
        AuditEntry.objects.count(),
        OutboxEvent.objects.count(),
    )


def _call(client, method: str, url: str, data: dict):
    for value in data.values():  # an upload is read once per request
        for item in value if isinstance(value, list) else ():
            item.seek(0)
    return getattr(client, method)(url, data)


@pytest.fixture
def waiting() -> CitizenCase:
    case = CitizenCase()
    case.dossier = case.supplement_requested()
    return case


def test_another_citizen_gets_404_on_every_url_and_nothing_is_written(client, waiting):
    stranger = new_citizen(full_name="Trần Văn Lạ")
    client.force_login(stranger)
    before = _written()
    for method, url, data in _urls(waiting.dossier):
        response = _call(client, method, url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert waiting.dossier.applicant_name not in response.content.decode()
    assert _written() == before
    assert Dossier.objects.get(pk=waiting.dossier.pk).national_status == 5


def test_an_officer_of_the_agency_gets_404_in_the_citizen_portal(client, waiting):
    client.force_login(waiting.office.specialist)
    before = _written()
    for method, url, data in _urls(waiting.dossier):
        assert _call(client, method, url, data).status_code == 404, (method, url)
    assert _written() == before


def test_an_unknown_code_answers_exactly_like_someone_elses(client, waiting):
    client.force_login(new_citizen())
    mine = client.get(reverse("my:detail", args=[waiting.dossier.code]))
    unknown = client.get(reverse("my:detail", args=["000.00.12.H57-991231-9999"]))
    assert mine.status_code == unknown.status_code == 404
    assert _without_tokens(mine.content.decode(), waiting.dossier.code) == _without_tokens(
        unknown.content.decode(), "000.00.12.H57-991231-9999"
    )


def _without_tokens(page: str, code: str) -> str:
    """The page with the code asked for and the per-response CSRF tokens blanked out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.replace(code, "X"))


def test_the_list_holds_only_my_own_dossiers(client, waiting):
    stranger = new_citizen()
    client.force_login(stranger)
    for scope in ("dang-giai-quyet", "da-ket-thuc", "tat-ca"):
        page = client.get(reverse("my:list"), {"tinh-trang": scope}).content.decode()
        assert waiting.dossier.code not in page


def test_a_file_or_form_of_my_other_dossier_is_not_served_under_this_code(
    client, waiting, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        other = CitizenCase(citizen=waiting.citizen, office=waiting.office).accepted()
    other_file = DossierFile.objects.filter(dossier=other).first()
    form = waiting.dossier.events.get(details__form="02")
    mine = DossierFile.objects.filter(dossier=waiting.dossier).first()
    client.force_login(waiting.citizen)
    assert client.get(reverse("my:file", args=[other.code, mine.pk])).status_code == 404
    assert client.get(reverse("my:form_pdf", args=[other.code, "02", form.pk])).status_code == 404
    assert client.get(reverse("my:file", args=[other.code, other_file.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, waiting):
    login = reverse("accounts:login")
    for method, url, data in [("get", reverse("my:list"), {}), *_urls(waiting.dossier)]:
        response = _call(client, method, url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(f"{login}?next={quote(url)}"), response["Location"]
