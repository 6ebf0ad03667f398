"""Quality measurements of citizen pages in Chromium: accessibility (axe-core), weight, small screens.

- `axe_violations(page)` runs axe-core (from the npm registry, `node_modules/axe-core`, installed by
  `make test`) in the page and returns its violations. The site's policy allows scripts from its own
  origin only, so an injected <script> is refused: open the page in a context made with
  `bypass_csp=True` for the axe run (the other measurements keep the policy).
- `PageWeight` records what a page load transferred (Chrome DevTools Protocol `Network.loadingFinished`,
  `encodedDataLength`: bytes on the wire, headers included) for the page, its CSS, scripts, fonts and
  images, leaving out the user's own files (dossier attachments and results).
- `layout_at(page)` measures horizontal overflow and where an element sits, for the 360 px test.

Reports are printed (shown with `pytest -s`) and kept in `REPORT` so a test module can print a table at
the end; nothing is written into the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: Impacts that fail the accessibility bar.
BLOCKING_IMPACTS = ("serious", "critical")
#: Upper bound of what a citizen page may transfer: HTML + CSS + JS + fonts, user files excluded.
MAX_PAGE_BYTES = 100 * 1024
#: The narrowest phone the portal supports.
SMALL_SCREEN = {"width": 360, "height": 740}

# Users' own files: dossier attachments and results (officer and citizen downloads), uploaded media.
USER_FILE = re.compile(r"/(media|tep|tai-ve|tai-xuong|ket-qua)/|\.(pdf|docx?|xlsx?|zip)(\?|$)")


def axe_violations(page: Any, *, context: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it stands and return its violations (id, impact, help, nodes).

    The page must come from a context with ``bypass_csp=True``: axe is added as an inline script."""
    if not AXE_SCRIPT.is_file():
        raise RuntimeError(
            f"{AXE_SCRIPT} is missing: run `make node-packages` (npm ci) before the browser tests."
        )
    if page.evaluate("() => typeof window.axe") != "object":
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        """async (context) => {
            const results = await axe.run(context || document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            }));
        }""",
        context,
    )
    return list(result)


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def by_impact(violations: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for violation in violations:
        counts[violation["impact"] or "minor"] = counts.get(violation["impact"] or "minor", 0) + 1
    return counts


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {node['target']}: {(node['summary'] or '').splitlines()[-1:]}")
    return "\n".join(lines)


@dataclass
class Transfer:
    url: str
    kind: str
    mime: str
    bytes: int


@dataclass
class PageWeight:
    """Bytes a page load transferred, per resource, from the DevTools network events of one page."""

    page: Any
    _session: Any = None
    _responses: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    transfers: list[Transfer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._session = self.page.context.new_cdp_session(self.page)
        self._session.send("Network.enable")
        # No cache: every page is measured as a first visit.
        self._session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self._session.on("Network.responseReceived", self._on_response)
        self._session.on("Network.loadingFinished", self._on_finished)

    def _on_response(self, event: dict[str, Any]) -> None:
        response = event["response"]
        self._responses[event["requestId"]] = (response["url"], event.get("type", ""), response["mimeType"])

    def _on_finished(self, event: dict[str, Any]) -> None:
        url, kind, mime = self._responses.get(event["requestId"], ("", "", ""))
        self.transfers.append(Transfer(url, kind, mime, int(event["encodedDataLength"])))

    def load(self, url: str) -> list[Transfer]:
        """Open ``url`` and return what it transferred once the network is idle (user files excluded)."""
        self.transfers.clear()
        self._responses.clear()
        self.page.goto(url, wait_until="networkidle")
        return self.counted()

    def counted(self) -> list[Transfer]:
        return [
            transfer for transfer in self.transfers if transfer.url and not USER_FILE.search(transfer.url)
        ]

    def total(self) -> int:
        return sum(transfer.bytes for transfer in self.counted())


def layout_at(page: Any, selector: str | None = None) -> dict[str, Any]:
    """The document's scroll and client widths and, for ``selector``, the first match's box."""
    return page.evaluate(
        """(selector) => {
            const root = document.documentElement;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
            let box = null;
            if (selector) {
                const element = document.querySelector(selector);
                if (element) {
                    const r = element.getBoundingClientRect();
                    box = {left: r.left, right: r.right, width: r.width, height: r.height};
                }
            }
            return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, box};
        }""",
        selector,
    )


def fits_horizontally(box: dict[str, float] | None, width: int) -> bool:
    return box is not None and box["width"] > 0 and box["left"] >= 0 and box["right"] <= width + 0.5


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(h)), *(len(str(row[i])) for row in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)])
