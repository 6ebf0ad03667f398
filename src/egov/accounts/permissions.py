"""Who may do what, and where: a registry of actions → roles, scoped by the agency tree.

A membership (role in an agency) grants an action on objects of that agency and of every agency
below it. Citizens act only on what they own. Superusers may do everything. Inactive users,
inactive or expired memberships and memberships in inactive agencies grant nothing.

Apps register their actions at import time::

    permissions.register("dossiers.receive", roles=[Role.RECEIVER], description="tiếp nhận hồ sơ")

and services check them inside their transaction::

    permissions.require(officer, "dossiers.receive", dossier)

`obj` may be an Agency, anything with an ``agency`` attribute or a ``permission_agency()`` method,
and/or anything with an ``owner_id`` attribute or a ``permission_owner_id()`` method.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from egov.core.errors import PermissionDenied
from egov.organizations.models import Agency, Role


@dataclass(frozen=True)
class Action:
    """An action that can be allowed: the roles that may perform it, whether the owner of an
    object may perform it on that object, and a Vietnamese phrase for messages ("ký văn bản")."""

    name: str
    roles: frozenset[str]
    owner_may: bool = False
    description: str = ""


@dataclass(frozen=True)
class Grant:
    """One active membership as the permission check sees it: a role in an agency."""

    role: str
    agency_id: int


_REGISTRY: dict[str, Action] = {}


def register(name: str, *, roles: Iterable[str], owner_may: bool = False, description: str = "") -> Action:
    """Declare an action (idempotent for an identical declaration; a conflicting one is an error,
    so two apps cannot silently disagree about who may do something)."""
    action = Action(name=name, roles=frozenset(roles), owner_may=owner_may, description=description)
    existing = _REGISTRY.get(name)
    if existing is not None and existing != action:
        raise ValueError(f"Permission action {name!r} is already registered differently: {existing}")
    _REGISTRY[name] = action
    return action


def action(name: str) -> Action:
    """The registered action; an unknown name is a programming error (a typo must not deny or
    allow silently)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"Unknown permission action {name!r}; register it first.") from None


def registered_actions() -> list[Action]:
    return sorted(_REGISTRY.values(), key=lambda item: item.name)


# --- The decision, in plain Python -------------------------------------------------------------


def decide(
    rule: Action,
    *,
    user_id: int | None,
    is_active: bool,
    is_superuser: bool,
    grants: Iterable[Grant],
    target_chain: Iterable[int] | None,
    scoped: bool,
    owner_id: int | None,
) -> bool:
    """Whether the action is allowed.

    `target_chain` is the object's agency and all its ancestors (ids); `scoped` says whether an
    object was given at all. Without an object, any membership with a suitable role allows (the
    action is possible somewhere). With an object, a membership allows only when its agency is in
    the object's chain, i.e. the object lies in the membership's subtree.
    """
    if not is_active or user_id is None:
        return False
    if is_superuser:
        return True
    if rule.owner_may and owner_id is not None and owner_id == user_id:
        return True
    suitable = [grant for grant in grants if grant.role in rule.roles]
    if not scoped:
        return bool(suitable)
    if target_chain is None:
        return False
    chain = set(target_chain)
    return any(grant.agency_id in chain for grant in suitable)


# --- Reading the database ----------------------------------------------------------------------


def _target_agency(obj: Any) -> Agency | None:
    if obj is None:
        return None
    if isinstance(obj, Agency):
        return obj
    if hasattr(obj, "permission_agency"):
        return obj.permission_agency()
    return getattr(obj, "agency", None)


def _owner_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "permission_owner_id"):
        return obj.permission_owner_id()
    return getattr(obj, "owner_id", None)


_request_grants: ContextVar[dict[tuple[int, dt.date], list[Grant]] | None] = ContextVar(
    "egov_request_grants", default=None
)


@contextlib.contextmanager
def grants_cached() -> Iterator[None]:
    """Within the block, each person's grants are read once (`GrantsCacheMiddleware` wraps every
    request in it: a page checks many permissions of one officer). Outside it nothing is cached,
    so a service or a test that changes memberships always sees the change."""
    token = _request_grants.set({})
    try:
        yield
    finally:
        _request_grants.reset(token)


def grants_of(user: Any, *, on: dt.date | None = None) -> list[Grant]:
    """The memberships that count today: active, in an active agency, within their dates."""
    from egov.organizations import selectors

    if getattr(user, "pk", None) is None:
        return []
    today = on or timezone.localdate()
    cache = _request_grants.get()
    if cache is not None and (user.pk, today) in cache:
        return list(cache[(user.pk, today)])
    grants = [
        Grant(role=membership.role, agency_id=membership.agency_id)
        for membership in selectors.memberships_of(user)
        if (membership.started_on is None or membership.started_on <= today)
        and (membership.ended_on is None or membership.ended_on >= today)
    ]
    if cache is not None:
        cache[(user.pk, today)] = list(grants)
    return grants


class GrantsCacheMiddleware:
    """Reads each person's memberships once per request (see `grants_cached`)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with grants_cached():
            return self.get_response(request)


def can(user: Any, action_name: str, obj: Any = None) -> bool:
    """Whether `user` may perform `action_name` (on `obj`, if given)."""
    rule = action(action_name)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    agency = _target_agency(obj)
    return decide(
        rule,
        user_id=user.pk,
        is_active=user.is_active,
        is_superuser=user.is_superuser,
        grants=grants_of(user),
        target_chain=agency.path_ids() if agency is not None and agency.path else None,
        scoped=obj is not None,
        owner_id=_owner_id(obj),
    )


def require(user: Any, action_name: str, obj: Any = None) -> None:
    """Raise PermissionDenied (Vietnamese message naming the action) unless `can(...)`."""
    if can(user, action_name, obj):
        return
    rule = action(action_name)
    what = rule.description or rule.name
    raise PermissionDenied(
        f"Bạn không có quyền {what}." if rule.description else PermissionDenied.message_vi,
        message_en=f"You are not allowed to perform {rule.name}.",
        action=rule.name,
        what=what,
    )


def is_administrator(user: Any) -> bool:
    """A system administrator: a superuser, or someone with an active ADMINISTRATOR membership.
    Administrators must use a second factor when settings.EGOV_REQUIRE_ADMIN_TOTP is on."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(grant.role == Role.ADMINISTRATOR for grant in grants_of(user))


# --- Actions known to the platform today (later apps register theirs) ---------------------------

register("organizations.manage", roles=[Role.ADMINISTRATOR], description="quản lý cơ quan, đơn vị")
register(
    "accounts.manage_members",
    roles=[Role.ADMINISTRATOR, Role.LEADER],
    description="quản lý cán bộ và phân công vai trò",
)
register("dossiers.receive", roles=[Role.RECEIVER], description="tiếp nhận hồ sơ")
register(
    "dossiers.process",
    roles=[Role.SPECIALIST, Role.DIVISION_HEAD, Role.LEADER],
    description="xử lý hồ sơ",
)
register("dossiers.approve", roles=[Role.DIVISION_HEAD, Role.LEADER], description="phê duyệt hồ sơ")
register("documents.register", roles=[Role.CLERK], description="vào sổ văn bản")
register("documents.sign", roles=[Role.LEADER], description="ký văn bản")
register("tasks.assign", roles=[Role.LEADER, Role.DIVISION_HEAD], description="giao nhiệm vụ")
