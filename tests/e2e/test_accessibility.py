"""axe-core (from the npm registry) on every citizen page: no serious or critical violation.

The site's content security policy refuses inline scripts, axe's included, so these pages are opened
in a context that bypasses the policy (only here: every other browser test keeps it)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_citizen_page
from tests.e2e.quality import axe_violations, blocking, by_impact, describe, table

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_pages_have_no_serious_or_critical_axe_violations(
    portal_contexts, live_server, citizen_portal
) -> None:
    contexts = portal_contexts(bypass_csp=True, viewport={"width": 1280, "height": 900})
    found: dict[str, list] = {}
    for spec in citizen_portal.pages():
        page = contexts[spec.signed_in].new_page()
        open_citizen_page(page, live_server.url, spec)
        found[spec.name] = axe_violations(page)
        page.close()
    rows = [
        [
            name,
            *(str(count) for count in by_impact(violations).values()),
            ", ".join(v["id"] for v in violations),
        ]
        for name, violations in found.items()
    ]
    print(
        "\naxe-core violations by impact\n"
        + table(["page", "critical", "serious", "moderate", "minor", "rules"], rows)
    )
    failures = {name: blocking(violations) for name, violations in found.items() if blocking(violations)}
    assert not failures, "\n".join(
        f"{name}:\n{describe(violations)}" for name, violations in failures.items()
    )


def test_axe_reports_an_image_without_a_text_alternative(
    browser_context_factory, live_server, citizen_portal
):
    """The check can fail: an image with no alt text added to the home page is a critical violation."""
    page = browser_context_factory(bypass_csp=True).new_page()
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')")
    assert [v["id"] for v in blocking(axe_violations(page))] == ["image-alt"]


def test_axe_cannot_be_injected_under_the_sites_content_security_policy(
    browser_context_factory, live_server, citizen_portal
):
    """Why the axe run bypasses the policy: the policy refuses the injected inline script."""
    page = browser_context_factory().new_page()
    page.goto(live_server.url + "/")
    with pytest.raises(Exception, match="Content Security Policy"):
        axe_violations(page)


def test_every_citizen_page_links_to_the_public_lookup(portal_contexts, live_server, citizen_portal) -> None:
    """ "Tra cứu hồ sơ" in the header's navigation and in the footer of every page."""
    from django.urls import reverse

    lookup = reverse("dossier_lookup:search")
    contexts = portal_contexts()
    for spec in citizen_portal.pages():
        page = contexts[spec.signed_in].new_page()
        open_citizen_page(page, live_server.url, spec)
        for region in (
            page.get_by_role("navigation", name="Điều hướng chính"),
            page.get_by_role("contentinfo"),
        ):
            link = region.get_by_role("link", name="Tra cứu hồ sơ")
            assert link.count() >= 1 and link.first.is_visible(), f"{spec.name}: no lookup link in {region}"
            assert link.first.get_attribute("href") == lookup
        page.close()
