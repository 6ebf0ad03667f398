"""Every citizen page weighs at most 100 KB transferred on a first visit (HTML, CSS, scripts, fonts,
images; the user's own files excluded), measured from Chromium's network events (bytes on the wire,
headers included). The test server sends files uncompressed, so the figures are an upper bound of
what a compressing production server sends."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.e2e.conftest import open_citizen_page
from tests.e2e.quality import MAX_PAGE_BYTES, PageWeight, table

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _kind(transfer) -> str:
    kind = transfer.kind.lower()
    return {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "image"}.get(
        kind, "other"
    )


def test_every_citizen_page_weighs_at_most_100_kb(portal_contexts, live_server, citizen_portal) -> None:
    contexts = portal_contexts(viewport={"width": 1280, "height": 900})
    rows, heavy = [], {}
    for spec in citizen_portal.pages():
        page = contexts[spec.signed_in].new_page()
        weight = PageWeight(page)
        open_citizen_page(page, live_server.url, spec)
        page.wait_for_load_state("networkidle")
        parts: dict[str, int] = defaultdict(int)
        for transfer in weight.counted():
            parts[_kind(transfer)] += transfer.bytes
        total = weight.total()
        assert parts["html"] > 0 and parts["css"] > 0, (
            f"{spec.name}: the page and its stylesheet were measured"
        )
        kb = lambda n: f"{n / 1024:.1f}"  # noqa: E731
        rows.append(
            [spec.name, kb(total), *(kb(parts[k]) for k in ("html", "css", "js", "font", "image", "other"))]
        )
        if total > MAX_PAGE_BYTES:
            heavy[spec.name] = [(t.url, t.bytes) for t in weight.counted()]
        page.close()
    print(
        "\nPage weight, KB transferred (first visit)\n"
        + table(["page", "total", "html", "css", "js", "font", "image", "other"], rows)
    )
    assert not heavy, f"pages over {MAX_PAGE_BYTES // 1024} KB: {heavy}"


def test_the_measure_counts_every_byte_of_the_page_and_its_stylesheet(
    browser_context_factory, live_server, citizen_portal
) -> None:
    """The check can fail: what it counts for a page is at least the bytes of the HTML and the CSS."""
    import egov.web

    stylesheet = Path(egov.web.__file__).parent / "static" / "web" / "egov.css"
    page = browser_context_factory().new_page()
    weight = PageWeight(page)
    url = live_server.url + "/tra-cuu/"
    counted = weight.load(url)
    html = next(t for t in counted if t.url == url)
    css = next(t for t in counted if t.url.endswith("/egov.css"))
    assert html.bytes >= len(page.request.get(url).body())
    assert css.bytes >= stylesheet.stat().st_size
    assert weight.total() == sum(t.bytes for t in counted) >= html.bytes + css.bytes
