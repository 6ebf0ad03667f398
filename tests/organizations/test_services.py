"""Agency, membership and position use cases: rules enforced, audit and outbox written, nothing
half-saved when refused."""

from __future__ import annotations

import pytest

from egov.core.errors import DomainError, PermissionDenied, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.organizations import selectors, services
from egov.organizations.models import Agency, Membership, Role
from tests.organizations.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


def test_create_agency_normalises_identifier_and_keeps_path_audit_and_event() -> None:
    root = make_agency(identifier="000.00.00.h57 ", name="UBND thử", short_name="ubnd")
    child = services.create_agency(
        actor=None, parent=root, name="Sở Xây dựng", short_name="sxd", identifier="000.00.06.H57"
    )
    assert root.identifier == "000.00.00.H57"
    assert child.short_name == "SXD"
    assert child.path == f"/{root.pk}/{child.pk}/"
    assert child.depth == 1
    assert child.name_folded == "so xay dung sxd"
    assert AuditEntry.objects.filter(action="agency.created", object_id=str(child.pk)).count() == 1
    event = OutboxEvent.objects.get(topic="agency.created", object_id=str(child.pk))
    assert event.payload["identifier"] == "000.00.06.H57"


def test_malformed_identifier_is_refused_and_nothing_is_saved() -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_agency(actor=None, name="Sở A", short_name="SA", identifier="000.01.00.H12")
    assert caught.value.code == "agency.identifier_invalid"
    assert caught.value.field == "identifier"
    assert not Agency.objects.exists()
    assert not AuditEntry.objects.filter(action="agency.created").exists()


def test_duplicate_identifier_is_refused_with_a_vietnamese_message_and_nothing_is_saved() -> None:
    make_agency(identifier="000.00.00.H41")
    with pytest.raises(services.DuplicateIdentifier) as caught:
        services.create_agency(actor=None, name="Trùng mã", short_name="TM", identifier="000.00.00.h41")
    assert caught.value.field == "identifier"
    assert "000.00.00.H41" in caught.value.message_vi
    assert Agency.objects.count() == 1
    assert OutboxEvent.objects.filter(topic="agency.created").count() == 1


def test_updating_to_a_taken_identifier_is_refused_and_the_agency_is_unchanged() -> None:
    first = make_agency(identifier="000.00.00.H01")
    second = make_agency(identifier="000.00.00.H02", name="Tên cũ")
    with pytest.raises(services.DuplicateIdentifier):
        services.update_agency(actor=None, agency=second, name="Tên mới", identifier=first.identifier)
    second.refresh_from_db()
    assert (second.name, second.identifier) == ("Tên cũ", "000.00.00.H02")


def test_update_records_before_and_after_and_refreshes_the_search_column() -> None:
    agency = make_agency(name="Sở Du lịch", short_name="SDL")
    services.update_agency(actor=None, agency=agency, name="Sở Văn hóa, Thể thao và Du lịch")
    agency.refresh_from_db()
    assert agency.name_folded == "so van hoa, the thao va du lich sdl"
    entry = AuditEntry.objects.get(action="agency.updated", object_id=str(agency.pk))
    assert entry.before["name"] == "Sở Du lịch"
    assert entry.after["name"] == "Sở Văn hóa, Thể thao và Du lịch"


def test_update_without_changes_writes_no_audit_entry() -> None:
    agency = make_agency(name="Sở Y tế")
    services.update_agency(actor=None, agency=agency, name="Sở  Y tế ")
    assert not AuditEntry.objects.filter(action="agency.updated").exists()


def test_moving_an_agency_moves_its_whole_subtree() -> None:
    root = make_agency()
    department = make_agency(parent=root)
    other = make_agency(parent=root)
    division = make_agency(parent=department, kind=Agency.Kind.DIVISION)
    services.move_agency(actor=None, agency=department, new_parent=other)
    department.refresh_from_db()
    division.refresh_from_db()
    assert department.parent == other
    assert department.path == f"/{root.pk}/{other.pk}/{department.pk}/"
    assert division.path == f"/{root.pk}/{other.pk}/{department.pk}/{division.pk}/"
    assert (department.depth, division.depth) == (2, 3)
    assert [a.pk for a in division.ancestors()] == [root.pk, other.pk, department.pk]
    assert set(other.descendants().values_list("pk", flat=True)) == {department.pk, division.pk}
    assert OutboxEvent.objects.filter(topic="agency.moved").count() == 1


def test_moving_to_the_top_makes_a_root() -> None:
    root = make_agency()
    department = make_agency(parent=root)
    services.move_agency(actor=None, agency=department, new_parent=None)
    department.refresh_from_db()
    assert (department.parent, department.path, department.depth) == (None, f"/{department.pk}/", 0)


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_moving_an_agency_under_itself_or_its_own_units_is_refused(target: str) -> None:
    root = make_agency()
    department = make_agency(parent=root)
    division = make_agency(parent=department)
    team = make_agency(parent=division)
    new_parent = {"self": department, "child": division, "grandchild": team}[target]
    with pytest.raises(services.AgencyCycle) as caught:
        services.move_agency(actor=None, agency=department, new_parent=new_parent)
    assert caught.value.field == "parent"
    assert "chính nó" in caught.value.message_vi
    department.refresh_from_db()
    team.refresh_from_db()
    assert department.parent == root
    assert team.path == f"/{root.pk}/{department.pk}/{division.pk}/{team.pk}/"
    assert not AuditEntry.objects.filter(action="agency.moved").exists()


def test_deactivating_stops_the_whole_subtree_but_not_siblings() -> None:
    root = make_agency()
    department = make_agency(parent=root)
    division = make_agency(parent=department)
    sibling = make_agency(parent=root)
    services.deactivate_agency(actor=None, agency=department, reason="sáp nhập")
    assert set(Agency.objects.filter(is_active=False).values_list("pk", flat=True)) == {
        department.pk,
        division.pk,
    }
    sibling.refresh_from_db()
    assert sibling.is_active
    with pytest.raises(services.InactiveAgency):
        services.create_agency(
            actor=None, parent=department, name="Mới", short_name="M", identifier="000.09.01.H09"
        )


def test_a_person_holds_several_roles_in_several_agencies() -> None:
    root = make_agency()
    department = make_agency(parent=root)
    user = make_user()
    services.add_membership(actor=None, user=user, agency=department, role=Role.SPECIALIST)
    services.add_membership(actor=None, user=user, agency=root, role=Role.RECEIVER)
    services.add_membership(actor=None, user=user, agency=department, role=Role.RECEIVER)
    assert {(m.agency_id, m.role) for m in selectors.memberships_of(user)} == {
        (department.pk, Role.SPECIALIST),
        (root.pk, Role.RECEIVER),
        (department.pk, Role.RECEIVER),
    }


def test_the_same_role_twice_in_one_agency_is_refused() -> None:
    agency = make_agency()
    user = make_user()
    services.add_membership(actor=None, user=user, agency=agency, role=Role.CLERK)
    with pytest.raises(services.DuplicateMembership):
        services.add_membership(actor=None, user=user, agency=agency, role=Role.CLERK)
    assert Membership.objects.count() == 1


def test_an_ended_membership_stops_counting_and_can_be_started_again() -> None:
    agency = make_agency()
    user = make_user()
    membership = services.add_membership(actor=None, user=user, agency=agency, role=Role.LEADER)
    services.end_membership(actor=None, membership=membership)
    assert not selectors.memberships_of(user).exists()
    assert selectors.memberships_of(user, active_only=False).count() == 1
    again = services.add_membership(actor=None, user=user, agency=agency, role=Role.LEADER)
    assert again.pk == membership.pk and again.is_active and again.ended_on is None
    assert [e.action for e in AuditEntry.objects.filter(object_type="organizations.membership")] == [
        "membership.added",
        "membership.ended",
        "membership.added",
    ]


def test_position_from_another_agency_is_refused() -> None:
    first, second = make_agency(), make_agency()
    position = services.add_position(actor=None, agency=first, name="Giám đốc")
    with pytest.raises(ValidationFailed) as caught:
        services.add_membership(
            actor=None, user=make_user(), agency=second, role=Role.LEADER, position=position
        )
    assert caught.value.field == "position"


def test_positions_are_unique_per_agency_ignoring_case() -> None:
    agency = make_agency()
    services.add_position(actor=None, agency=agency, name="Trưởng phòng")
    with pytest.raises(services.DuplicatePosition):
        services.add_position(actor=None, agency=agency, name="trưởng  phòng")
    services.add_position(actor=None, agency=None, name="Trưởng phòng")  # a common title is separate


def test_an_officer_without_the_administrator_role_cannot_change_agencies() -> None:
    root = make_agency()
    officer = make_user()
    services.add_membership(actor=None, user=officer, agency=root, role=Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        services.create_agency(
            actor=officer, parent=root, name="Sở mới", short_name="SM", identifier="000.00.50.H01"
        )
    assert root.children.count() == 0


def test_an_administrator_manages_agencies_inside_their_own_subtree_only() -> None:
    province = make_agency()
    department = make_agency(parent=province)
    other_province = make_agency()
    admin = make_user()
    services.add_membership(actor=None, user=admin, agency=department, role=Role.ADMINISTRATOR)
    division = make_agency(parent=department)
    services.update_agency(actor=admin, agency=division, name="Phòng đã đổi tên")
    with pytest.raises(DomainError) as caught:
        services.update_agency(actor=admin, agency=other_province, name="Không được")
    assert caught.value.status == 403
    entry = AuditEntry.objects.get(action="agency.updated")
    assert entry.actor_id == admin.pk


def test_top_agency_and_subtree_ids() -> None:
    root = make_agency(kind=Agency.Kind.PEOPLES_COMMITTEE)
    department = make_agency(parent=root)
    division = make_agency(parent=department)
    assert selectors.top_agency() == root
    assert selectors.agency_subtree_ids(department) == {department.pk, division.pk}
    assert selectors.agency_subtree_ids(root) == {root.pk, department.pk, division.pk}
