"""The portal in a real browser: Vietnamese home page, phone width, no-JavaScript form errors, language."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(db):
    from egov.organizations.models import Agency

    agency = Agency.objects.create(
        name="Ủy ban nhân dân thành phố Huế",
        short_name="UBND",
        identifier="000.00.00.H57",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
    )
    agency.path = f"/{agency.pk}/"
    agency.save(update_fields=["path"])
    return agency


def test_home_page_shows_the_province_in_vietnamese(page, live_server, province) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Ủy ban nhân dân thành phố Huế"
    assert page.get_by_role("navigation", name="Điều hướng chính").is_visible()
    # The stylesheet loaded under the content security policy (the header is coloured by it).
    background = page.locator(".site-header").evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(155, 27, 27)"


def test_home_page_fits_a_phone_without_horizontal_scrolling(browser_context_factory, live_server, province):
    context = browser_context_factory(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
    assert page.get_by_role("link", name="Đăng nhập").is_visible()


@pytest.mark.urls("tests.e2e.urls")
def test_form_error_appears_beside_the_field_without_javascript(browser_context_factory, live_server) -> None:
    context = browser_context_factory(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/e2e/form/")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số điện thoại").fill("12345")
    page.get_by_role("button", name="Gửi", exact=True).click()
    phone = page.get_by_label("Số điện thoại")
    assert phone.get_attribute("aria-invalid") == "true"
    error = page.locator("#id_phone_error")
    assert "Số điện thoại không hợp lệ" in error.inner_text()
    assert "id_phone_error" in phone.get_attribute("aria-describedby")
    # Beside the field: the message sits in the same field block, just above the input.
    error_box, input_box = error.bounding_box(), phone.bounding_box()
    assert 0 <= input_box["y"] - (error_box["y"] + error_box["height"]) < 40
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Văn An"


def test_language_switch_turns_the_page_into_english_and_back(page, live_server, province) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Services of the portal").is_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Dịch vụ của cổng").is_visible()


def test_admin_works_under_the_content_security_policy(page, live_server, province, settings) -> None:
    """The admin's scripts and styles are files, so the strict policy needs no exception for it."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    admin = get_user_model().objects.create_superuser(
        username="quantri", password="mat-khau-dai-123", full_name="Trần Quản Trị", email="qt@example.vn"
    )
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    page.goto(f"{live_server.url}/quan-tri/organizations/agency/{province.pk}/change/")
    assert page.url.endswith(f"/agency/{province.pk}/change/")
    assert page.locator("#content h1").is_visible()
    assert page.locator("#nav-sidebar").count() == 1  # rendered by the admin's own script and CSS
    assert violations == []
    # The detector itself works: an image from another origin is refused and reported.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"https://example.invalid/x.png\">')"
    )
    page.wait_for_timeout(300)
    assert violations
