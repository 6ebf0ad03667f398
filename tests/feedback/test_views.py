"""The rating page (/danh-gia/<code>/): the owner rates once after completion; the refusal is shown
on the same page; the officer's dossier page shows the rating, read only."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from egov.feedback.models import Rating
from tests.portal.my_factories import CitizenCase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _rate_url(dossier) -> str:
    return reverse("feedback:rate", args=[dossier.code])


def test_owner_rates_once_and_the_second_rating_is_refused_on_the_page(client):
    case = CitizenCase()
    dossier = case.returned()
    client.force_login(case.citizen)
    form = client.get(_rate_url(dossier))
    assert form.status_code == 200
    page = form.content.decode()
    for label in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        assert label in page
    assert 'type="radio"' in page and "<legend>" in page

    response = client.post(_rate_url(dossier), {"level": "3", "comment": "Cán bộ hướng dẫn tận tình"})
    assert response.status_code == 302
    assert response["Location"] == reverse("my:detail", args=[dossier.code])
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.level, rating.comment, rating.rated_by) == (3, "Cán bộ hướng dẫn tận tình", case.citizen)

    detail = client.get(reverse("my:detail", args=[dossier.code])).content.decode()
    assert "Đánh giá của bạn" in detail and "Cán bộ hướng dẫn tận tình" in detail
    assert _rate_url(dossier) not in detail

    again = client.post(_rate_url(dossier), {"level": "1", "comment": "Đổi ý"})
    assert again.status_code == 409
    assert "mỗi hồ sơ chỉ được đánh giá một lần" in again.content.decode()
    assert Rating.objects.get(dossier=dossier).level == 3
    assert client.get(_rate_url(dossier)).status_code == 200  # shows the rating given


def test_a_rating_without_a_level_is_refused_beside_the_field(client):
    case = CitizenCase()
    dossier = case.returned()
    client.force_login(case.citizen)
    response = client.post(_rate_url(dossier), {"comment": "Tốt"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hãy chọn một mức độ hài lòng." in page and 'class="error-summary"' in page
    assert not Rating.objects.exists()


def test_a_dossier_being_processed_sends_the_owner_back_to_its_page(client):
    case = CitizenCase()
    dossier = case.examining()
    client.force_login(case.citizen)
    assert client.get(_rate_url(dossier))["Location"] == reverse("my:detail", args=[dossier.code])
    response = client.post(_rate_url(dossier), {"level": "3"})
    assert response.status_code == 302
    assert not Rating.objects.exists()


def test_the_officers_dossier_page_shows_the_rating_read_only(client):
    case = CitizenCase()
    dossier = case.returned()
    client.force_login(case.office.receiver)
    before = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Đánh giá mức độ hài lòng của người nộp" not in before
    client.force_login(case.citizen)
    client.post(_rate_url(dossier), {"level": "1", "comment": "Phải đi lại hai lần"})
    client.force_login(case.office.receiver)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Đánh giá mức độ hài lòng của người nộp" in page
    assert 'data-rating="1">Không hài lòng' in page and "Phải đi lại hai lần" in page
    assert _rate_url(dossier) not in page
