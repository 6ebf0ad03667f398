"""Main navigation: the links in the header, in order, with the one for the current page marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    current: bool


# (label, candidate URL names tried in order, the URL namespace that marks it current)
_MAIN_NAV: tuple[tuple[Promise, tuple[str, ...], str], ...] = (
    (_("Trang chủ"), ("web:home",), "web"),
    (_("Thủ tục hành chính"), ("procedures:list",), "procedures"),
    (_("Tra cứu hồ sơ"), ("dossier_lookup:search",), "dossier_lookup"),
    (
        _("Cơ quan"),
        ("organizations:index", "organizations:list", "organizations:agency_list"),
        "organizations",
    ),
)


def first_reversible(names: tuple[str, ...]) -> str | None:
    """The URL of the first name that exists: apps that are still being built are linked once they are."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def main_nav(request: HttpRequest) -> list[NavItem]:
    """The header links; an entry whose app has no page yet is left out rather than linking to a 404."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    items = []
    for label, names, section in _MAIN_NAV:
        url = first_reversible(names)
        if url is None:
            continue
        current = namespace == section and (section != "web" or match.url_name == "home")
        items.append(NavItem(label=label, url=url, current=current))
    return items
