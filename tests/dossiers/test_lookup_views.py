"""Public lookup pages under /tra-cuu/: the search form, the result, 404 and the rate limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from egov.dossiers import lookup
from tests.dossiers.factories import APPLICANT, VN, make_counter, receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_search_page_is_public_and_has_a_code_field(client):
    response = client.get("/tra-cuu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tra cứu hồ sơ" in html
    assert 'name="ma"' in html
    assert 'method="get"' in html


def test_search_url_name_is_the_one_the_home_page_card_waits_for_under_its_namespace():
    assert reverse("dossier_lookup:search") == "/tra-cuu/"


def test_search_with_a_code_redirects_to_the_dossier_page(client):
    dossier = receive(make_counter())
    response = client.get("/tra-cuu/", {"ma": f" {dossier.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{dossier.code}/"


def test_search_with_a_blank_code_shows_the_form_again_with_an_error(client):
    response = client.get("/tra-cuu/", {"ma": "   "})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_dossier_page_shows_procedure_agency_status_and_moments(client):
    counter = make_counter()
    dossier = receive(counter)
    response = client.get(f"/tra-cuu/{dossier.code}/")  # the address the QR on form 01 carries
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html
    assert counter.version.name in html
    assert counter.procedure.national_code in html
    assert counter.agency.name in html
    assert "Được tiếp nhận" in html
    assert "09 giờ 00 phút, ngày 07/07/2025" in html  # received Monday 7 July 2025, 09:00
    assert lookup.short_moment(dossier.due_at) in html
    assert "Tiếp nhận hồ sơ" in html  # the step, by name


def test_dossier_page_shows_no_personal_data(client):
    dossier = receive(make_counter())
    html = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    for field in ("full_name", "citizen_id", "phone", "email", "address"):
        assert APPLICANT[field] not in html, field
    assert "Lê Thị Mai" not in html  # the receiving officer


def test_unknown_code_shows_a_friendly_not_found_page(client):
    response = client.get("/tra-cuu/000.00.12.H57-250707-9999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy hồ sơ" in html
    assert "000.00.12.H57-250707-9999" in html
    assert 'name="ma"' in html  # a form to try again


@override_settings(EGOV_LOOKUP_RATE_LIMIT=2, EGOV_LOOKUP_RATE_WINDOW=60)
def test_lookups_past_the_limit_are_refused_with_429_and_retry_after(client):
    dossier = receive(make_counter())
    url = f"/tra-cuu/{dossier.code}/"
    assert client.get(url).status_code == 200
    assert client.get("/tra-cuu/000.00.12.H57-250707-9999/").status_code == 404  # misses count too
    response = client.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Bạn đã tra cứu quá nhiều lần" in response.content.decode()


@override_settings(EGOV_LOOKUP_RATE_LIMIT=1, EGOV_LOOKUP_RATE_WINDOW=60)
def test_rate_limit_is_counted_per_client_address(client):
    dossier = receive(make_counter())
    url = f"/tra-cuu/{dossier.code}/"
    assert client.get(url, REMOTE_ADDR="203.0.113.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="203.0.113.2").status_code == 200


@override_settings(EGOV_LOOKUP_RATE_LIMIT=1, EGOV_LOOKUP_RATE_WINDOW=60)
def test_forged_forwarded_for_header_does_not_escape_the_limit(client):
    dossier = receive(make_counter())
    url = f"/tra-cuu/{dossier.code}/"
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_dossier_page_shows_the_finished_and_returned_moments(client):
    dossier = receive(make_counter())
    dossier.finished_at = dt.datetime(2025, 7, 9, 14, 0, tzinfo=VN)
    dossier.save(update_fields=["finished_at"])
    html = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Giải quyết xong lúc" in html
    assert "14 giờ 00 phút, ngày 09/07/2025" in html
