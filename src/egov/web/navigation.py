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
    return items + (officer_nav(request) or citizen_nav(request))


def officer_nav(request: HttpRequest) -> list[NavItem]:
    """For an officer with a dossier role: the inbox of their agencies, their own dossiers and, for a
    one-stop receiver, the counter intake (one query for the roles, only for a signed-in user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from egov.accounts import permissions

    roles = {grant.role for grant in permissions.grants_of(user)}
    receive = permissions.action("dossiers.receive").roles
    others = ("dossiers.process", "dossiers.approve")
    work = receive.union(*(permissions.action(name).roles for name in others))
    if not roles & work:
        return []
    inbox = first_reversible(("dossiers:inbox",))
    if inbox is None:
        return []
    match = getattr(request, "resolver_match", None)
    at_inbox = bool(match and match.namespace == "dossiers" and match.url_name == "inbox")
    mine = request.GET.get("scope") == "mine"
    items = [
        NavItem(label=_("Hộp hồ sơ"), url=inbox, current=at_inbox and not mine),
        NavItem(label=_("Hồ sơ của tôi"), url=f"{inbox}?scope=mine", current=at_inbox and mine),
    ]
    intake = first_reversible(("dossiers:counter_intake",)) if roles & receive else None
    if intake is not None:
        at_intake = bool(match and match.namespace == "dossiers" and match.url_name == "counter_intake")
        items.append(NavItem(label=_("Tiếp nhận hồ sơ"), url=intake, current=at_intake))
    return items


def citizen_nav(request: HttpRequest) -> list[NavItem]:
    """For a signed-in person without a dossier role (a citizen): their own dossiers on the portal
    (an officer's "Hồ sơ của tôi" is the inbox scope above)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    url = first_reversible(("my:list",))
    if url is None:
        return []
    match = getattr(request, "resolver_match", None)
    current = bool(match and match.namespace in ("my", "feedback"))
    return [NavItem(label=_("Hồ sơ của tôi"), url=url, current=current)]
