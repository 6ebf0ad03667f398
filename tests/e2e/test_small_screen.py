"""Citizen pages at 360 px wide (a small phone): no horizontal scrolling, the page's main action on the
screen's width and visible. Full-page screenshots are saved under the test's tmp dir for a person to
look at (their paths are printed)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_citizen_page
from tests.e2e.quality import SMALL_SCREEN, fits_horizontally, layout_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_pages_fit_360_px_without_horizontal_scrolling(
    portal_contexts, live_server, citizen_portal, tmp_path
) -> None:
    contexts = portal_contexts(viewport=SMALL_SCREEN, is_mobile=True, has_touch=True)
    problems = []
    for spec in citizen_portal.pages():
        page = contexts[spec.signed_in].new_page()
        open_citizen_page(page, live_server.url, spec)
        shot = tmp_path / f"{spec.name}-360.png"
        page.screenshot(path=str(shot), full_page=True)
        layout = layout_at(page, spec.action)
        print(f"{spec.name}: {shot} scroll {layout['scrollWidth']} / {layout['clientWidth']} px")
        if layout["scrollWidth"] > layout["clientWidth"]:
            problems.append(
                f"{spec.name}: scrolls sideways ({layout['scrollWidth']} px), wide: {layout['wide']}"
            )
        if (
            not fits_horizontally(layout["box"], SMALL_SCREEN["width"])
            or not page.locator(spec.action).first.is_visible()
        ):
            problems.append(
                f"{spec.name}: main action {spec.action!r} not visible within 360 px: {layout['box']}"
            )
        page.close()
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_page_wider_than_the_screen(browser_context_factory, live_server, citizen_portal):
    """The check can fail: a 500 px wide block makes the home page scroll sideways."""
    page = browser_context_factory(viewport=SMALL_SCREEN, is_mobile=True).new_page()
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '500px'; d.textContent = 'x';"
        " document.querySelector('main').append(d); }"
    )
    layout = layout_at(page)
    assert layout["scrollWidth"] > layout["clientWidth"] == SMALL_SCREEN["width"]
