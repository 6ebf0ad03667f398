"""Use cases that change organisations. One transaction each, permission checked inside, an audit
entry and an outbox event written in the same transaction.

``actor=None`` means the system itself (management commands, the demo loader): no permission is
checked and the audit entry names no person. Views and API always pass the signed-in user.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from egov.accounts import permissions
from egov.core import audit, outbox
from egov.core.errors import Conflict, ValidationFailed
from egov.organizations import rules
from egov.organizations.models import AdministrativeUnit, Agency, Membership, Position, Role

MANAGE = "organizations.manage"
MANAGE_MEMBERS = "accounts.manage_members"


class DuplicateIdentifier(Conflict):
    code = "agency.identifier_duplicate"
    message_en = "Another agency already has this electronic identifier."

    def __init__(self, identifier: str) -> None:
        super().__init__(
            f"Mã định danh {identifier} đã được cấp cho một cơ quan, đơn vị khác.",
            field="identifier",
            identifier=identifier,
        )


class AgencyCycle(ValidationFailed):
    code = "agency.cycle"
    message_vi = "Không thể chuyển cơ quan, đơn vị vào chính nó hoặc vào một đơn vị trực thuộc nó."
    message_en = "An agency cannot be moved under itself or under one of its own units."


class InactiveAgency(ValidationFailed):
    code = "agency.inactive"
    message_vi = "Cơ quan, đơn vị này đã ngừng hoạt động."
    message_en = "This agency is no longer active."


class DuplicateMembership(Conflict):
    code = "membership.duplicate"
    message_vi = "Người này đã giữ vai trò này tại cơ quan, đơn vị đã chọn."
    message_en = "This person already holds this role in this agency."


class DuplicatePosition(Conflict):
    code = "position.duplicate"
    message_vi = "Chức vụ này đã có."
    message_en = "This position already exists."


_UNSET: Any = object()
_EDITABLE = ("name", "short_name", "identifier", "kind", "administrative_unit", "address", "phone", "email")


def snapshot(agency: Agency) -> dict[str, object]:
    """The audited state of an agency."""
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "identifier": agency.identifier,
        "kind": agency.kind,
        "parent_id": agency.parent_id,
        "administrative_unit_id": agency.administrative_unit_id,
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "is_active": agency.is_active,
    }


def _require(actor: object | None, obj: object | None, action: str = MANAGE) -> None:
    if actor is not None:
        permissions.require(actor, action, obj)


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationFailed(
            "Vui lòng nhập tên cơ quan, đơn vị.",
            code="agency.name_required",
            message_en="The agency name is required.",
            field="name",
        )
    return cleaned


def _clean_kind(kind: str) -> str:
    if kind not in Agency.Kind.values:
        raise ValidationFailed(
            "Loại cơ quan, đơn vị không hợp lệ.",
            code="agency.kind_invalid",
            message_en="Unknown agency kind.",
            field="kind",
        )
    return kind


def _ensure_identifier_free(identifier: str, *, exclude_pk: int | None = None) -> None:
    taken = Agency.objects.filter(identifier=identifier)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DuplicateIdentifier(identifier)


def _save(agency: Agency, **kwargs: Any) -> None:
    """Save, turning a unique-identifier race into the domain error instead of a 500."""
    try:
        with transaction.atomic():
            agency.save(**kwargs)
    except IntegrityError as exc:
        if Agency.objects.filter(identifier=agency.identifier).exclude(pk=agency.pk).exists():
            raise DuplicateIdentifier(agency.identifier) from exc
        raise


def create_agency(
    *,
    actor: object | None,
    name: str,
    short_name: str,
    identifier: str,
    kind: str = Agency.Kind.OTHER,
    parent: Agency | None = None,
    administrative_unit: AdministrativeUnit | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Agency:
    """Register an agency or unit under ``parent`` (``None`` for a top agency). The electronic
    identifier follows QCVN 102:2016/BTTTT (``LLL.KK.JJ.Xnn``) and is unique."""
    name = _clean_name(name)
    short_name = rules.normalize_short_name(short_name)
    identifier = rules.normalize_identifier(identifier)
    kind = _clean_kind(kind)
    with transaction.atomic():
        if parent is not None:
            parent = Agency.objects.select_for_update().get(pk=parent.pk)
            if not parent.is_active:
                raise InactiveAgency(field="parent")
        _require(actor, parent)
        _ensure_identifier_free(identifier)
        agency = Agency(
            parent=parent,
            name=name,
            short_name=short_name,
            identifier=identifier,
            kind=kind,
            administrative_unit=administrative_unit,
            address=address.strip(),
            phone=phone.strip(),
            email=email.strip(),
            name_folded=rules.search_text(name, short_name),
            depth=(parent.depth + 1) if parent else 0,
        )
        _save(agency)
        agency.path = rules.child_path(parent.path if parent else "", agency.pk)
        agency.save(update_fields=["path"])
        audit.record(actor, "agency.created", agency, after=snapshot(agency))
        outbox.emit(
            "agency.created", agency, payload={"identifier": identifier, "parent_id": agency.parent_id}
        )
    return agency


def update_agency(
    *,
    actor: object | None,
    agency: Agency,
    name: str = _UNSET,
    short_name: str = _UNSET,
    identifier: str = _UNSET,
    kind: str = _UNSET,
    administrative_unit: AdministrativeUnit | None = _UNSET,
    address: str = _UNSET,
    phone: str = _UNSET,
    email: str = _UNSET,
) -> Agency:
    """Change an agency's descriptive fields; its place in the tree changes only by ``move_agency``."""
    changes: dict[str, Any] = {}
    if name is not _UNSET:
        changes["name"] = _clean_name(name)
    if short_name is not _UNSET:
        changes["short_name"] = rules.normalize_short_name(short_name)
    if identifier is not _UNSET:
        changes["identifier"] = rules.normalize_identifier(identifier)
    if kind is not _UNSET:
        changes["kind"] = _clean_kind(kind)
    if administrative_unit is not _UNSET:
        changes["administrative_unit"] = administrative_unit
    for field, value in (("address", address), ("phone", phone), ("email", email)):
        if value is not _UNSET:
            changes[field] = (value or "").strip()
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        _require(actor, agency)
        before = snapshot(agency)
        if "identifier" in changes:
            _ensure_identifier_free(changes["identifier"], exclude_pk=agency.pk)
        for field, value in changes.items():
            setattr(agency, field, value)
        agency.name_folded = rules.search_text(agency.name, agency.short_name)
        _save(agency)
        after = snapshot(agency)
        if after != before:
            audit.record(actor, "agency.updated", agency, before=before, after=after)
            outbox.emit("agency.updated", agency, payload={"identifier": agency.identifier})
    return agency


def move_agency(*, actor: object | None, agency: Agency, new_parent: Agency | None) -> Agency:
    """Attach an agency (with everything below it) to another parent, or make it a top agency.
    Refused when ``new_parent`` is the agency itself or lies below it (the tree would loop)."""
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        _require(actor, agency)
        if new_parent is not None:
            new_parent = Agency.objects.select_for_update().get(pk=new_parent.pk)
            if rules.is_in_subtree(new_parent.path, agency.path):
                raise AgencyCycle(field="parent")
            if not new_parent.is_active:
                raise InactiveAgency(field="parent")
            _require(actor, new_parent)
        if agency.parent_id == (new_parent.pk if new_parent else None):
            return agency
        before = snapshot(agency)
        old_path, old_depth = agency.path, agency.depth
        new_path = rules.child_path(new_parent.path if new_parent else "", agency.pk)
        new_depth = (new_parent.depth + 1) if new_parent else 0
        Agency.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (new_depth - old_depth),
        )
        Agency.objects.filter(pk=agency.pk).update(parent=new_parent)
        agency.refresh_from_db()
        audit.record(actor, "agency.moved", agency, before=before, after=snapshot(agency))
        outbox.emit(
            "agency.moved",
            agency,
            payload={"from_parent_id": before["parent_id"], "to_parent_id": agency.parent_id},
        )
    return agency


def deactivate_agency(*, actor: object | None, agency: Agency, reason: str = "") -> Agency:
    """Stop an agency and every unit below it (merger, dissolution). Nothing is deleted: dossiers,
    documents and audit entries keep pointing at it; memberships in it stop counting."""
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        _require(actor, agency)
        if not agency.is_active:
            return agency
        before = snapshot(agency)
        affected = list(
            Agency.objects.filter(path__startswith=agency.path, is_active=True).values_list("pk", flat=True)
        )
        Agency.objects.filter(pk__in=affected).update(is_active=False)
        agency.refresh_from_db()
        audit.record(
            actor,
            "agency.deactivated",
            agency,
            before=before,
            after=snapshot(agency),
            reason=reason,
            deactivated_ids=affected,
        )
        outbox.emit("agency.deactivated", agency, payload={"deactivated_ids": affected, "reason": reason})
    return agency


def _membership_state(m: Membership) -> dict[str, object]:
    return {
        "user_id": m.user_id,
        "agency_id": m.agency_id,
        "role": m.role,
        "position_id": m.position_id,
        "title": m.title,
        "is_active": m.is_active,
        "started_on": m.started_on.isoformat() if m.started_on else None,
        "ended_on": m.ended_on.isoformat() if m.ended_on else None,
    }


def add_membership(
    *,
    actor: object | None,
    user: Any,
    agency: Agency,
    role: str,
    position: Position | None = None,
    title: str = "",
    started_on: datetime.date | None = None,
) -> Membership:
    """Give a person a role in an agency. A person may hold several roles in several agencies; the
    same role twice in one agency is refused. An ended membership is started again."""
    if role not in Role.values:
        raise ValidationFailed(
            "Vai trò không hợp lệ.", code="membership.role_invalid", message_en="Unknown role.", field="role"
        )
    if position is not None and position.agency_id not in (None, agency.pk):
        raise ValidationFailed(
            "Chức vụ đã chọn thuộc cơ quan, đơn vị khác.",
            code="membership.position_mismatch",
            message_en="The position belongs to another agency.",
            field="position",
        )
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        _require(actor, agency, MANAGE_MEMBERS)
        if not agency.is_active:
            raise InactiveAgency(field="agency")
        membership = (
            Membership.objects.select_for_update().filter(user=user, agency=agency, role=role).first()
        )
        before = _membership_state(membership) if membership else None
        if membership is not None and membership.is_active:
            raise DuplicateMembership(field="role")
        if membership is None:
            membership = Membership(user=user, agency=agency, role=role)
        membership.position = position
        membership.title = (title or (position.name if position else "")).strip()
        membership.is_active = True
        membership.started_on = started_on
        membership.ended_on = None
        membership.save()
        audit.record(
            actor, "membership.added", membership, before=before, after=_membership_state(membership)
        )
        outbox.emit(
            "membership.added",
            membership,
            payload={"user_id": membership.user_id, "agency_id": agency.pk, "role": role},
        )
    return membership


def end_membership(
    *, actor: object | None, membership: Membership, ended_on: datetime.date | None = None
) -> Membership:
    """End a person's role in an agency; the record stays for history."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("agency").get(pk=membership.pk)
        _require(actor, membership.agency, MANAGE_MEMBERS)
        if not membership.is_active:
            return membership
        if ended_on is not None and membership.started_on is not None and ended_on < membership.started_on:
            raise ValidationFailed(
                "Ngày kết thúc không được trước ngày bắt đầu.",
                code="membership.dates_invalid",
                message_en="The end date cannot be before the start date.",
                field="ended_on",
            )
        before = _membership_state(membership)
        membership.is_active = False
        membership.ended_on = ended_on
        membership.save(update_fields=["is_active", "ended_on"])
        audit.record(
            actor, "membership.ended", membership, before=before, after=_membership_state(membership)
        )
        outbox.emit(
            "membership.ended",
            membership,
            payload={
                "user_id": membership.user_id,
                "agency_id": membership.agency_id,
                "role": membership.role,
            },
        )
    return membership


def add_position(
    *, actor: object | None, name: str, agency: Agency | None = None, rank: int = 100
) -> Position:
    """Add a named position (chức vụ) to an agency, or a common one when ``agency`` is ``None``."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationFailed(
            "Vui lòng nhập tên chức vụ.",
            code="position.name_required",
            message_en="The position name is required.",
            field="name",
        )
    with transaction.atomic():
        _require(actor, agency)
        if Position.objects.filter(agency=agency, name__iexact=cleaned).exists():
            raise DuplicatePosition(field="name")
        position = Position.objects.create(agency=agency, name=cleaned, rank=rank)
        audit.record(
            actor, "position.added", position, after={"name": cleaned, "agency_id": position.agency_id}
        )
        outbox.emit("position.added", position, payload={"name": cleaned, "agency_id": position.agency_id})
    return position


@dataclass(frozen=True)
class LoadReport:
    """What ``load_administrative_units`` did, per level."""

    provinces: int
    wards: int
    created: int
    updated: int
    unchanged: int


def _official_units() -> list[dict[str, str]]:
    """Provinces then wards from the installed ``vietnam-provinces`` package, with official codes
    padded as the General Statistics Office writes them (2 digits for provinces, 5 for wards)."""
    from vietnam_provinces import Province, Ward

    units = [
        {
            "code": f"{p.code.value:02d}",
            "name": p.name,
            "level": AdministrativeUnit.Level.PROVINCE,
            "division_type": str(p.division_type.value),
            "codename": p.codename,
            "parent_code": "",
        }
        for p in Province.iter_all()
    ]
    units += [
        {
            "code": f"{w.code.value:05d}",
            "name": w.name,
            "level": AdministrativeUnit.Level.WARD,
            "division_type": str(w.division_type.value),
            "codename": w.codename,
            "parent_code": f"{w.province_code.value:02d}",
        }
        for w in Ward.iter_all()
    ]
    return units


def load_administrative_units(*, actor: object | None = None) -> LoadReport:
    """Create or refresh the 34 provinces and 3,321 communes/wards (two-tier local government since
    2025-07-01) from ``vietnam-provinces``. Idempotent: a second run changes nothing."""
    _fields = ("name", "level", "division_type", "codename", "name_folded", "parent_id")
    with transaction.atomic():
        _require(actor, None)
        units = _official_units()
        existing = {u.code: u for u in AdministrativeUnit.objects.all()}
        created = updated = unchanged = 0
        for level in (AdministrativeUnit.Level.PROVINCE, AdministrativeUnit.Level.WARD):
            to_create: list[AdministrativeUnit] = []
            to_update: list[AdministrativeUnit] = []
            for data in (u for u in units if u["level"] == level):
                parent = existing.get(data["parent_code"]) if data["parent_code"] else None
                values = {
                    "name": data["name"],
                    "level": level,
                    "division_type": data["division_type"],
                    "codename": data["codename"],
                    "name_folded": rules.fold(data["name"]),
                    "parent_id": parent.pk if parent else None,
                }
                unit = existing.get(data["code"])
                if unit is None:
                    to_create.append(AdministrativeUnit(code=data["code"], **values))
                elif any(getattr(unit, f) != values[f] for f in _fields):
                    for f in _fields:
                        setattr(unit, f, values[f])
                    to_update.append(unit)
                else:
                    unchanged += 1
            AdministrativeUnit.objects.bulk_create(to_create, batch_size=500)
            AdministrativeUnit.objects.bulk_update(to_update, list(_fields), batch_size=500)
            created += len(to_create)
            updated += len(to_update)
            if to_create:  # fetch the new ids (bulk_create does not return them on every database)
                existing = {u.code: u for u in AdministrativeUnit.objects.all()}
        report = LoadReport(
            provinces=sum(1 for u in units if u["level"] == AdministrativeUnit.Level.PROVINCE),
            wards=sum(1 for u in units if u["level"] == AdministrativeUnit.Level.WARD),
            created=created,
            updated=updated,
            unchanged=unchanged,
        )
        if created or updated:
            audit.record(actor, "administrative_units.loaded", None, **asdict(report))
            outbox.emit("administrative_units.loaded", payload=asdict(report))
    return report
