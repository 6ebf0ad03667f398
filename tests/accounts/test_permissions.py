"""Permissions: actions → roles, scoped by the agency subtree; owners; superusers; inactivity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.accounts import permissions
from egov.accounts.models import User
from egov.core.errors import PermissionDenied
from egov.organizations.models import Agency, Membership, Role
from tests.accounts.factories import add_role, make_agency, make_citizen, make_officer

ROLES = list(Role.values)
ACTIONS = [action.name for action in permissions.registered_actions()]


@dataclass
class Owned:
    """Something a citizen owns, like a dossier."""

    owner_id: int
    agency: Agency | None = None


permissions.register("tests.view_own", roles=[Role.RECEIVER], owner_may=True, description="xem hồ sơ thử")


# --- Reference model over a tree of parent indices -------------------------------------------


def ancestors_or_self(parents: list[int | None], node: int) -> set[int]:
    chain = {node}
    while parents[node] is not None:
        node = parents[node]  # type: ignore[assignment]
        chain.add(node)
    return chain


def reference(
    parents: list[int | None], memberships: list[tuple[int, str, bool]], action: str, target: int
) -> bool:
    roles = permissions.action(action).roles
    return any(
        active and role in roles and agency in ancestors_or_self(parents, target)
        for agency, role, active in memberships
    )


@st.composite
def trees(draw: st.DrawFn, max_size: int = 7, max_depth: int = 6) -> list[int | None]:
    """Parent indices; node 0 is the root. Electronic identifiers have four levels, so trees
    stored in the database use max_depth=3."""
    size = draw(st.integers(1, max_size))
    parents: list[int | None] = [None]
    depths = [0]
    for _ in range(1, size):
        parent = draw(st.sampled_from([node for node, depth in enumerate(depths) if depth < max_depth]))
        parents.append(parent)
        depths.append(depths[parent] + 1)
    return parents


@st.composite
def scenarios(
    draw: st.DrawFn, max_depth: int = 6
) -> tuple[list[int | None], list[tuple[int, str, bool]], str, int]:
    parents = draw(trees(max_depth=max_depth))
    node = st.integers(0, len(parents) - 1)
    memberships = draw(
        st.lists(
            st.tuples(node, st.sampled_from(ROLES), st.booleans()), max_size=4, unique_by=lambda m: m[:2]
        )
    )
    return parents, memberships, draw(st.sampled_from(ACTIONS)), draw(node)


# --- The pure decision -----------------------------------------------------------------------


@given(scenarios())
def test_decision_matches_reference_over_random_trees(
    scenario: tuple[list[int | None], list[tuple[int, str, bool]], str, int],
) -> None:
    parents, memberships, action, target = scenario
    grants = [
        permissions.Grant(role=role, agency_id=agency) for agency, role, active in memberships if active
    ]
    chain = sorted(ancestors_or_self(parents, target))
    decided = permissions.decide(
        permissions.action(action),
        user_id=1,
        is_active=True,
        is_superuser=False,
        grants=grants,
        target_chain=chain,
        scoped=True,
        owner_id=None,
    )
    assert decided == reference(parents, memberships, action, target)


@given(scenarios(), st.booleans())
def test_inactive_user_is_refused_even_as_superuser(
    scenario: tuple[list[int | None], list[tuple[int, str, bool]], str, int], superuser: bool
) -> None:
    parents, memberships, action, target = scenario
    grants = [permissions.Grant(role=role, agency_id=agency) for agency, role, _ in memberships]
    assert not permissions.decide(
        permissions.action(action),
        user_id=1,
        is_active=False,
        is_superuser=superuser,
        grants=grants,
        target_chain=sorted(ancestors_or_self(parents, target)),
        scoped=True,
        owner_id=1,
    )


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(LookupError):
        permissions.action("dossiers.recieve")


def test_registering_an_action_differently_twice_is_refused() -> None:
    permissions.register("tests.once", roles=[Role.CLERK])
    permissions.register("tests.once", roles=[Role.CLERK])  # identical: fine
    with pytest.raises(ValueError, match="already registered"):
        permissions.register("tests.once", roles=[Role.LEADER])


# --- Against the database --------------------------------------------------------------------


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios(max_depth=3))
def test_can_matches_reference_on_real_agency_trees(
    scenario: tuple[list[int | None], list[tuple[int, str, bool]], str, int],
) -> None:
    parents, memberships, action, target = scenario
    agencies: list[Agency] = []
    for parent in parents:
        agencies.append(make_agency(None if parent is None else agencies[parent]))
    user = make_officer()
    for agency, role, active in memberships:
        membership = add_role(user, agencies[agency], role)
        if not active:
            Membership.objects.filter(pk=membership.pk).update(is_active=False)
    expected = reference(parents, memberships, action, target)
    assert permissions.can(user, action, agencies[target]) is expected
    assert permissions.can(user, action, Owned(owner_id=-1, agency=agencies[target])) is expected
    assert permissions.can(user, action) is any(
        active and role in permissions.action(action).roles for _, role, active in memberships
    )


@pytest.mark.django_db
def test_leader_of_parent_may_sign_for_child_but_not_for_sibling_or_parent() -> None:
    top = make_agency()
    left, right = make_agency(top), make_agency(top)
    leaf = make_agency(left)
    leader = make_officer(left, Role.LEADER)
    assert permissions.can(leader, "documents.sign", left)
    assert permissions.can(leader, "documents.sign", leaf)
    assert not permissions.can(leader, "documents.sign", right)
    assert not permissions.can(leader, "documents.sign", top)
    assert not permissions.can(leader, "documents.register", left)  # a clerk's action


@pytest.mark.django_db
def test_require_raises_vietnamese_permission_denied_naming_the_action() -> None:
    clerk = make_officer(make_agency(), Role.CLERK)
    with pytest.raises(PermissionDenied) as caught:
        permissions.require(clerk, "documents.sign", make_agency())
    assert caught.value.message_vi == "Bạn không có quyền ký văn bản."
    assert caught.value.code == "auth.permission_denied"


@pytest.mark.django_db
def test_membership_outside_its_dates_or_in_inactive_agency_grants_nothing() -> None:
    agency = make_agency()
    today = timezone.localdate()
    ended = make_officer()
    add_role(ended, agency, Role.LEADER)
    Membership.objects.filter(user=ended).update(ended_on=today - dt.timedelta(days=1))
    future = make_officer()
    add_role(future, agency, Role.LEADER, started_on=today + dt.timedelta(days=3))
    assert not permissions.can(ended, "documents.sign", agency)
    assert not permissions.can(future, "documents.sign", agency)
    current = make_officer(agency, Role.LEADER)
    assert permissions.can(current, "documents.sign", agency)
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    assert not permissions.can(current, "documents.sign", agency)


@pytest.mark.django_db
def test_citizen_acts_only_on_what_they_own_when_the_action_allows_owners() -> None:
    citizen, other = make_citizen(), make_citizen()
    mine = Owned(owner_id=citizen.pk)
    assert permissions.can(citizen, "tests.view_own", mine)
    assert not permissions.can(other, "tests.view_own", mine)
    assert not permissions.can(citizen, "dossiers.receive", mine)  # owning is not receiving


@pytest.mark.django_db
def test_object_may_name_its_agency_and_owner_through_methods() -> None:
    agency = make_agency()
    receiver = make_officer(agency, Role.RECEIVER)

    class Dossier:
        def permission_agency(self) -> Agency:
            return agency

        def permission_owner_id(self) -> int:
            return -1

    assert permissions.can(receiver, "dossiers.receive", Dossier())
    assert permissions.can(receiver, "tests.view_own", Dossier())


@pytest.mark.django_db
def test_superuser_may_do_everything_until_deactivated() -> None:
    boss = User.objects.create_superuser(
        "sieuquantri", "sieu@hue.gov.vn", "Mat-khau-dai-2026", full_name="Quản Trị"
    )
    assert all(permissions.can(boss, action, make_agency()) for action in ACTIONS[:2])
    assert permissions.is_administrator(boss)
    boss.is_active = False
    assert not permissions.can(boss, "documents.sign")
    assert not permissions.is_administrator(boss)


@pytest.mark.django_db
def test_administrator_role_makes_an_administrator() -> None:
    assert permissions.is_administrator(make_officer(make_agency(), Role.ADMINISTRATOR))
    assert not permissions.is_administrator(make_officer(make_agency(), Role.LEADER))
