"""The dossier page's action forms and the POST endpoint /ho-so/<code>/thao-tac/<action>/."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse

from egov.dossiers.models import Dossier, DossierEvent
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import make_counter, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_dossier_page_shows_only_the_actions_the_officer_may_take_now(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]) in page
    assert "csrfmiddlewaretoken" in page
    assert 'name="note"' in page
    assert "/thao-tac/trinh-ky/" not in page

    specialist = make_officer(counter.agency, Role.SPECIALIST)
    client.force_login(specialist)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "/thao-tac/" not in page


def test_posting_an_action_moves_the_dossier_and_says_so_in_vietnamese(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    response = client.post(
        reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]), {"note": "Đủ giấy tờ"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    assert _messages(response) == [
        ("success", "Đã thực hiện thao tác. Hồ sơ chuyển sang bước “Thẩm định, xử lý”.")
    ]
    assert Dossier.objects.get(pk=dossier.pk).step == "xu-ly"
    assert DossierEvent.objects.get(dossier=dossier, action="chuyen-xu-ly").note == "Đủ giấy tờ"


def test_refused_action_is_an_error_message_and_changes_nothing(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    response = client.post(reverse("dossiers:action", args=[dossier.code, "trinh-ky"]))
    assert response.status_code == 302
    [(level, text)] = _messages(response)
    assert level == "error"
    assert "Hồ sơ đang ở bước “Tiếp nhận hồ sơ”" in text
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_wrong_role_is_refused_with_a_message(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(make_officer(counter.agency, Role.SPECIALIST))
    response = client.post(reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]))
    [(level, text)] = _messages(response)
    assert level == "error"
    assert "Bạn không có vai trò" in text
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_action_endpoint_refuses_get_and_posts_without_csrf_token():
    counter = make_counter()
    dossier = receive(counter)
    client = Client(enforce_csrf_checks=True)
    client.force_login(counter.officer)
    url = reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_officer_of_another_agency_cannot_act(client):
    dossier = receive(make_counter())
    client.force_login(make_counter(agency_identifier="000.00.13.H57").officer)
    response = client.post(reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]))
    assert response.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_action_needs_sign_in(client):
    dossier = receive(make_counter())
    response = client.post(reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]))
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]
