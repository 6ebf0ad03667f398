"""The "Hồ sơ của tôi" pages in Chromium on a 360 px phone: no serious or critical axe-core
violation, no sideways scrolling, and the supplement answer works with JavaScript switched off
(a refused file comes back on the same page, beside the file input)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from egov.dossiers.models import Dossier
from tests.e2e.conftest import sign_in_context
from tests.e2e.quality import SMALL_SCREEN, axe_violations, blocking, describe, layout_at
from tests.portal.my_factories import CitizenCase

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases(settings, tmp_path) -> dict[str, Dossier]:
    settings.MEDIA_ROOT = tmp_path / "media"
    waiting = CitizenCase()
    case = {"waiting": waiting.supplement_requested()}
    done = CitizenCase(citizen=waiting.citizen, office=waiting.office)
    case["returned"] = done.returned()
    case["citizen"] = waiting.citizen
    return case


def _pages(cases) -> list[tuple[str, str]]:
    waiting, returned = cases["waiting"].code, cases["returned"].code
    return [
        ("list", reverse("my:list")),
        ("list_all", reverse("my:list") + "?tinh-trang=tat-ca"),
        ("detail_waiting", reverse("my:detail", args=[waiting])),
        ("supplement", reverse("my:supplement", args=[waiting])),
        ("withdraw", reverse("my:withdraw", args=[waiting])),
        ("detail_returned", reverse("my:detail", args=[returned])),
        ("rate", reverse("feedback:rate", args=[returned])),
    ]


def test_my_pages_pass_axe_and_fit_a_360px_phone(browser_context_factory, live_server, cases):
    context = browser_context_factory(bypass_csp=True, viewport=SMALL_SCREEN)
    sign_in_context(context, cases["citizen"], live_server.url)
    failures, overflow = {}, {}
    for name, path in _pages(cases):
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (name, response and response.status)
        assert page.url == live_server.url + path, (name, page.url)
        if found := blocking(axe_violations(page)):
            failures[name] = found
        layout = layout_at(page)
        if layout["scrollWidth"] > layout["clientWidth"]:
            overflow[name] = layout["wide"]
        page.close()
    assert not failures, "\n".join(f"{name}:\n{describe(found)}" for name, found in failures.items())
    assert not overflow, overflow


def test_a_refused_file_comes_back_beside_the_input_without_javascript(
    browser_context_factory,
    live_server,
    cases,
    tmp_path: Path,
):
    context = browser_context_factory(java_script_enabled=False, viewport=SMALL_SCREEN)
    sign_in_context(context, cases["citizen"], live_server.url)
    page = context.new_page()
    page.goto(live_server.url + reverse("my:supplement", args=[cases["waiting"].code]))
    fake = tmp_path / "giay-to.pdf"
    fake.write_bytes(b"<html>khong phai pdf</html>")
    page.set_input_files("input[type=file]", str(fake))
    page.click("main button[type=submit]")
    error = page.locator(".field--error .field__error")
    assert "Tệp “giay-to.pdf” không phải là tệp PDF, JPG, PNG" in error.inner_text()
    assert page.get_attribute("input[type=file]", "aria-invalid") == "true"
    assert Dossier.objects.get(pk=cases["waiting"].pk).national_status == 5
