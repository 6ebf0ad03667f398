"""The lookup form takes what a phone reads from the QR on form 01 — the lookup page's whole address —
as well as a typed code (issue 5: "public lookup by code or QR")."""

from __future__ import annotations

import pytest

from egov.dossiers import lookup
from tests.dossiers.factories import make_counter, receive

CODE = "000.00.12.H57-250707-0001"


@pytest.mark.parametrize(
    "scanned",
    [
        f"https://dichvucong.hue.gov.vn/tra-cuu/{CODE}/",
        f"http://127.0.0.1:8000/en/tra-cuu/{CODE.lower()}",
        f"  https://dichvucong.hue.gov.vn/tra-cuu/?ma={CODE}  ",
        f"https://dichvucong.hue.gov.vn/tra-cuu/{CODE.replace('.', '%2E')}/",
    ],
)
def test_a_lookup_address_read_from_the_qr_gives_its_code(scanned):
    assert lookup.normalize_code(scanned) == CODE


def test_an_address_without_a_code_is_not_taken_for_one():
    assert "/" in lookup.normalize_code("https://dichvucong.hue.gov.vn/tra-cuu/")


@pytest.mark.django_db
def test_the_search_form_opens_the_dossier_from_its_qr_address(client):
    dossier = receive(make_counter())
    address = f"https://dichvucong.hue.gov.vn/tra-cuu/{dossier.code}/"
    response = client.get("/tra-cuu/", {"ma": address})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{dossier.code}/"


@pytest.mark.django_db
def test_a_long_qr_address_is_not_refused_for_its_length(client):
    dossier = receive(make_counter())
    address = f"https://cong-dich-vu-cong.thanh-pho-hue.gov.vn/tra-cuu/{dossier.code}/"
    assert len(address) > lookup.MAX_CODE_LENGTH
    response = client.get("/tra-cuu/", {"ma": address})
    assert response["Location"] == f"/tra-cuu/{dossier.code}/"
