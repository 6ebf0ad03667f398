"""The officer's statement pages: upload, result page with matched and unmatched lines, access."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.organizations.models import Role
from egov.payments.models import Payment, Statement
from tests.accounts.factories import make_officer
from tests.payments.gateways.factories import make_payment

pytestmark = pytest.mark.django_db
IMPORT_URL = "/thanh-toan/doi-soat/sao-ke/"


def _statement(payment):
    text = (
        "Ngày giao dịch,Số tham chiếu,Số tiền,Nội dung\n"
        f"22/11/2026,FT1,50.000,{payment.reference} phi le phi\n"
        "22/11/2026,FT2,120.000,chuyen tien nha\n"
    )
    return SimpleUploadedFile("sao-ke-22-11.csv", text.encode(), content_type="text/csv")


def test_the_url_is_under_the_reconciliation_pages():
    assert reverse("payments:statement_import") == IMPORT_URL


def test_officer_uploads_a_statement_and_sees_matched_and_unmatched_lines(client):
    payment, _ = make_payment()
    client.force_login(make_officer(payment.dossier.agency, Role.RECEIVER))
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(IMPORT_URL, {"file": _statement(payment)}, follow=True)
    html = response.content.decode()
    statement = Statement.objects.get()
    assert response.redirect_chain[-1][0] == f"{IMPORT_URL}{statement.pk}/"
    assert "1 giao dịch khớp, 1 không khớp" in html
    assert 'data-status="matched"' in html and 'data-status="no_reference"' in html
    assert "Không thấy số hóa đơn trong nội dung" in html
    assert "120.000" in html
    assert Payment.objects.get(pk=payment.pk).state == "paid"


def test_the_same_file_again_says_nothing_changed(client):
    payment, _ = make_payment()
    client.force_login(make_officer(payment.dossier.agency, Role.RECEIVER))
    client.post(IMPORT_URL, {"file": _statement(payment)})
    response = client.post(IMPORT_URL, {"file": _statement(payment)}, follow=True)
    assert "đã được nhập trước đó" in response.content.decode()
    assert Statement.objects.count() == 1


def test_an_unreadable_file_is_reported_beside_the_field(client):
    payment, _ = make_payment()
    client.force_login(make_officer(payment.dossier.agency, Role.RECEIVER))
    bad = SimpleUploadedFile("ghi-chu.csv", b"ten,tuoi\nAn,3\n", content_type="text/csv")
    response = client.post(IMPORT_URL, {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_file_error"' in html and "Ngày giao dịch, Số tiền, Nội dung" in html
    assert not Statement.objects.exists()


def test_a_specialist_and_an_anonymous_visitor_cannot_open_the_pages(client):
    payment, _ = make_payment()
    assert client.get(IMPORT_URL).status_code == 302  # to sign-in
    client.force_login(make_officer(payment.dossier.agency, Role.SPECIALIST))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": _statement(payment)}).status_code == 403
    assert not Statement.objects.exists()
