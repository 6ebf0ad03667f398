"""Home page, error pages, header and navigation."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from egov.organizations.models import Agency, Membership, Role


def make_province(name: str = "Ủy ban nhân dân tỉnh Huế") -> Agency:
    agency = Agency.objects.create(
        name=name, short_name="UBND", identifier="000.00.00.H57", kind=Agency.Kind.PEOPLES_COMMITTEE
    )
    agency.path = f"/{agency.pk}/"
    agency.save(update_fields=["path"])
    return agency


@pytest.mark.django_db
def test_home_shows_the_province_from_the_database_in_vietnamese(client: Client) -> None:
    make_province()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert '<h1 id="hero-title">Ủy ban nhân dân tỉnh Huế</h1>' in html
    assert "Dịch vụ của cổng" in html


@pytest.mark.django_db
@override_settings(EGOV_PROVINCE_NAME="Tỉnh Thử Nghiệm")
def test_home_falls_back_to_the_province_setting_when_the_database_has_no_agency(client: Client) -> None:
    assert "Tỉnh Thử Nghiệm" in client.get("/").content.decode()


@pytest.mark.django_db
@override_settings(EGOV_PROVINCE_NAME="")
def test_home_uses_a_neutral_name_without_agency_or_setting(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<span class="brand__name">Cổng dịch vụ công</span>' in html


@pytest.mark.django_db
def test_services_without_a_page_yet_are_cards_marked_coming_soon_not_links(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "Thủ tục hành chính" in html
    assert "Sắp có" in html
    # Every link on the page resolves: no card points to a 404.
    import re

    for href in set(re.findall(r'href="(/[^"#?]*)', html)):
        if href.startswith("/static/"):
            continue
        assert client.get(href).status_code in (200, 302), href


@pytest.mark.django_db
def test_header_has_skip_link_navigation_language_switch_and_sign_in(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'aria-label="Điều hướng chính"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="en"' in html
    assert reverse("accounts:login") in html
    assert 'href="/" aria-current="page"' in html


@pytest.mark.django_db
def test_signed_in_officer_sees_their_roles_on_the_home_page(client: Client, django_user_model) -> None:
    agency = make_province()
    officer = django_user_model.objects.create_user(
        username="chuyenvien", password="mat-khau-dai-123", full_name="Nguyễn Văn An", kind="officer"
    )
    Membership.objects.create(user=officer, agency=agency, role=Role.SPECIALIST)
    client.force_login(officer)
    html = client.get("/").content.decode()
    assert "Xin chào, Nguyễn Văn An" in html
    assert "Chuyên viên xử lý" in html
    assert "Ủy ban nhân dân tỉnh Huế" in html
    assert reverse("accounts:logout") in html


@pytest.mark.django_db
def test_unknown_page_is_a_404_in_the_design_system(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert "web/egov.css" in html


def test_500_page_renders_without_database_or_context_processors(rf, django_assert_num_queries) -> None:
    from egov.web.views import server_error

    request = rf.get("/")
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in html
    assert "web/egov.css" in html


def test_500_handler_does_not_touch_the_database(rf) -> None:
    """Without the django_db mark any query raises: rendering must not need one."""
    from egov.web.views import server_error

    with override_settings(EGOV_PROVINCE_NAME=""):
        assert server_error(rf.get("/")).status_code == 500


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_and_no_inline_styles(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "style=" not in html
    assert "<script" not in html


@pytest.mark.django_db
def test_province_name_is_looked_up_once_then_remembered(client: Client, django_assert_num_queries) -> None:
    from egov.web import province

    make_province()
    assert province.province_name() == "Ủy ban nhân dân tỉnh Huế"
    with django_assert_num_queries(0):
        assert province.province_name() == "Ủy ban nhân dân tỉnh Huế"


@pytest.mark.django_db
def test_renaming_the_province_shows_the_new_name_on_the_next_page(client: Client) -> None:
    agency = make_province()
    assert "Ủy ban nhân dân tỉnh Huế" in client.get("/").content.decode()
    agency.name = "Ủy ban nhân dân thành phố Huế"
    agency.save()
    assert "Ủy ban nhân dân thành phố Huế" in client.get("/").content.decode()
