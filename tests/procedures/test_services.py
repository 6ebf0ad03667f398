"""Publishing, withdrawing and starting versions; which version is in force; who may do it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egov.core.audit import AuditEntry
from egov.core.errors import PermissionDenied
from egov.core.outbox import OutboxEvent
from egov.organizations.models import Agency, Role
from egov.procedures import selectors, services
from egov.procedures.models import ProcedureVersion, Step
from tests.accounts.factories import make_officer
from tests.organizations.factories import make_agency
from tests.procedures.factories import (
    make_fee,
    make_paper,
    make_procedure,
    make_process,
    make_published_version,
    make_version,
)

pytestmark = pytest.mark.django_db

JULY = dt.date(2025, 7, 1)


@pytest.fixture
def province() -> Agency:
    return make_agency(name="Ủy ban nhân dân thành phố Huế", kind=Agency.Kind.PEOPLES_COMMITTEE)


@pytest.fixture
def editor(province):
    return make_officer(province, Role.ADMINISTRATOR)


def draft_ready(**fields) -> ProcedureVersion:
    fields.setdefault("decision", "1234/QĐ-UBND")
    return make_version(**fields)


def test_publishing_a_complete_draft_puts_it_in_force_from_its_date(editor):
    draft = draft_ready()
    version = services.publish_version(version=draft, actor=editor, effective_from=JULY)
    assert version.status == ProcedureVersion.Status.PUBLISHED
    assert version.published_by == editor and version.published_at is not None
    assert selectors.version_in_force(draft.procedure, JULY) == version
    assert selectors.version_in_force(draft.procedure, JULY - dt.timedelta(days=1)) is None
    assert AuditEntry.objects.filter(action="procedure.version_published", object_id=str(version.pk)).exists()
    event = OutboxEvent.objects.get(topic="procedure.version_published")
    assert event.payload["effective_from"] == "2025-07-01"


def test_publishing_refuses_with_every_problem_listed(editor):
    draft = make_version(with_children=False, decision="", process=make_process(legal_hours=40))
    make_fee(draft, amount=Decimal("0"))
    with pytest.raises(services.VersionInvalid) as caught:
        services.publish_version(version=draft, actor=editor, effective_from=JULY)
    found = [problem.code for problem in caught.value.problems]
    assert found == ["procedure.field_required", "procedure.no_receiving_agency", "process.hours_mismatch"]
    assert "3 vấn đề" in caught.value.message_vi
    assert (
        "40 giờ" in caught.value.problems[-1].message_vi and "24 giờ" in caught.value.problems[-1].message_vi
    )
    draft.refresh_from_db()
    assert draft.status == ProcedureVersion.Status.DRAFT
    assert not OutboxEvent.objects.filter(topic="procedure.version_published").exists()


def test_publishing_a_version_without_a_process_is_refused(editor):
    draft = draft_ready(process=None)
    with pytest.raises(services.VersionInvalid) as caught:
        services.publish_version(version=draft, actor=editor, effective_from=JULY)
    assert [problem.code for problem in caught.value.problems] == ["procedure.no_process"]


def test_single_day_procedure_needs_a_one_day_process(editor):
    draft = draft_ready(
        processing_time=Decimal("0"), single_day_cutoff=dt.time(15), process=make_process(legal_hours=8)
    )
    assert services.publish_version(version=draft, actor=editor, effective_from=JULY).is_draft is False


def test_a_published_version_cannot_be_published_again_or_saved(editor):
    version = make_published_version()
    with pytest.raises(services.VersionNotDraft):
        services.publish_version(version=version, actor=editor, effective_from=JULY)
    version.name = "Tên đã sửa"
    with pytest.raises(services.VersionNotDraft):
        services.save_draft(version=version, actor=editor)
    version.refresh_from_db()
    assert version.name != "Tên đã sửa"


def test_new_effective_date_must_follow_the_published_ones(editor):
    published = make_published_version(effective_from=JULY)
    draft = services.start_new_version(procedure=published.procedure, actor=editor)
    draft.decision = "99/QĐ-UBND"
    draft.save()
    with pytest.raises(services.VersionInvalid) as caught:
        services.publish_version(version=draft, actor=editor, effective_from=JULY)
    assert [problem.code for problem in caught.value.problems] == ["procedure.effective_from_too_early"]
    assert "01/07/2025" in caught.value.problems[0].message_vi


def test_start_new_version_copies_the_latest_into_a_draft_numbered_one_higher(editor):
    published = make_published_version(eform_schema={"type": "object", "title": "Tờ khai"})
    make_paper(published, code="CCCD", name="Căn cước", reusable=True)
    draft = services.start_new_version(procedure=published.procedure, actor=editor)
    assert (draft.number, draft.status, draft.effective_from, draft.decision) == (2, "draft", None, "")
    assert draft.process_id == published.process_id
    assert draft.eform_schema == {"type": "object", "title": "Tờ khai"}
    assert draft.name == published.name and draft.search_folded == published.search_folded
    assert list(draft.fees.values_list("code", "amount")) == list(
        published.fees.values_list("code", "amount")
    )
    assert sorted(draft.papers.values_list("code", "reusable")) == sorted(
        published.papers.values_list("code", "reusable")
    )
    assert list(draft.agencies.values_list("part", "agency_kind")) == [("receiving", "commune_committee")]
    assert published.fees.count() == 1  # the published version keeps its own rows
    assert OutboxEvent.objects.filter(topic="procedure.version_started").count() == 1


def test_only_one_draft_at_a_time(editor):
    published = make_published_version()
    services.start_new_version(procedure=published.procedure, actor=editor)
    with pytest.raises(services.DraftExists):
        services.start_new_version(procedure=published.procedure, actor=editor)


def test_a_future_dated_version_does_not_apply_yet(editor):
    first = make_published_version(effective_from=JULY)
    draft = services.start_new_version(procedure=first.procedure, actor=editor)
    draft.decision = "2/QĐ-UBND"
    draft.save()
    second = services.publish_version(version=draft, actor=editor, effective_from=dt.date(2026, 1, 1))
    assert selectors.version_in_force(first.procedure, dt.date(2025, 12, 31)) == first
    assert selectors.version_in_force(first.procedure, dt.date(2026, 1, 1)) == second
    assert list(selectors.published_versions(dt.date(2025, 12, 31))) == [first]
    assert list(selectors.published_versions(dt.date(2026, 1, 1))) == [second]


def test_a_withdrawn_version_never_applies_and_the_one_before_applies_again(editor):
    first = make_published_version(effective_from=JULY)
    second = make_published_version(first.procedure, effective_from=dt.date(2025, 9, 1))
    services.withdraw_version(version=second, actor=editor, reason="Bãi bỏ theo Quyết định 5/QĐ-UBND")
    assert selectors.version_in_force(first.procedure, dt.date(2025, 10, 1)) == first
    assert AuditEntry.objects.get(action="procedure.version_withdrawn").details["reason"].startswith("Bãi bỏ")
    with pytest.raises(services.VersionNotPublished):
        services.withdraw_version(version=second, actor=editor, reason="lần hai")


def test_drafts_are_invisible_to_the_public():
    make_version()
    assert list(selectors.published_versions()) == []


def test_published_versions_shows_one_version_per_procedure():
    a = make_published_version(make_procedure(national_code="1.000001"))
    b_old = make_published_version(
        make_procedure(national_code="1.000002"), effective_from=dt.date(2024, 1, 1)
    )
    b_new = make_published_version(b_old.procedure, effective_from=JULY)
    make_version(a.procedure)  # a draft of the first one
    assert list(selectors.published_versions(dt.date(2025, 8, 1))) == [a, b_new]


def test_version_in_force_accepts_a_datetime():
    version = make_published_version(effective_from=JULY)
    assert (
        selectors.version_in_force(version.procedure, dt.datetime(2025, 7, 1, 8, 0, tzinfo=dt.UTC)) == version
    )


def test_search_folded_follows_the_name_and_code():
    version = make_version(make_procedure(national_code="1.001193"), name="Đăng ký khai sinh")
    assert version.search_folded.startswith("dang ky khai sinh 1.001193")
    version.name = "Đăng ký kết hôn"
    version.save(update_fields=["name"])
    version.refresh_from_db()
    assert version.search_folded.startswith("dang ky ket hon")


def test_a_commune_leader_may_not_publish_the_provincial_catalogue(province):
    commune = make_agency(province, kind=Agency.Kind.COMMUNE_COMMITTEE)
    leader = make_officer(commune, Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.publish_version(version=draft_ready(), actor=leader, effective_from=JULY)


def test_the_leader_of_the_top_agency_may_publish_but_not_edit(province):
    leader = make_officer(province, Role.LEADER)
    version = services.publish_version(version=draft_ready(), actor=leader, effective_from=JULY)
    assert version.status == "published"
    with pytest.raises(PermissionDenied):
        services.start_new_version(procedure=version.procedure, actor=leader)


def test_a_specialist_may_not_edit_drafts(province):
    specialist = make_officer(province, Role.SPECIALIST)
    draft = make_version()
    with pytest.raises(PermissionDenied):
        services.save_draft(version=draft, actor=specialist)


def test_save_draft_numbers_a_new_draft_and_audits_it(editor):
    published = make_published_version()
    draft = ProcedureVersion(
        procedure=published.procedure, name="Mới", field=published.field, level="commune",
        processing_time=Decimal("1"), result="Kết quả", legal_basis="Luật",
    )  # fmt: skip
    services.save_draft(version=draft, actor=editor)
    assert draft.number == 2
    assert AuditEntry.objects.filter(action="procedure.version_saved", object_id=str(draft.pk)).exists()


def test_a_template_is_copied_scaled_to_another_legal_time(editor):
    template = make_process(legal_hours=24, is_template=True)
    copy = services.create_process_from_template(
        template=template, code="XA-5N", name="Quy trình 5 ngày", legal_hours=Decimal(40), actor=editor
    )
    hours = dict(copy.steps.values_list("code", "allotted_hours"))
    assert sum(step.allotted_hours for step in copy.steps.filter(counts_toward_time=True)) == 40
    assert hours == {"tiep-nhan": Decimal("6.5"), "xu-ly": Decimal("20.5"), "ky-duyet": Decimal("6.5"),
                     "tra-ket-qua": Decimal("6.5"), "da-tra": Decimal("0")}  # fmt: skip
    assert services.process_problems(copy, legal_hours=Decimal(40)) == []
    assert copy.actions.count() == template.actions.count()
    assert not copy.is_template


def test_a_template_serves_many_versions_with_the_same_legal_time(editor):
    template = make_process(legal_hours=24, is_template=True)
    for _ in range(3):
        services.publish_version(version=draft_ready(process=template), actor=editor, effective_from=JULY)
    assert template.versions.filter(status="published").count() == 3


def test_a_process_used_by_a_published_version_is_frozen():
    version = make_published_version()
    with pytest.raises(services.ProcessFrozen):
        services.ensure_process_editable(version.process)
    services.ensure_process_editable(make_process())


def test_a_template_without_hours_cannot_be_scaled(editor):
    template = make_process(legal_hours=24, is_template=True)
    Step.objects.filter(process=template).update(allotted_hours=0)
    with pytest.raises(services.ValidationFailed) as caught:
        services.create_process_from_template(
            template=template, code="X", name="X", legal_hours=Decimal(8), actor=editor
        )
    assert caught.value.code == "procedure.template_without_hours"


def test_publishing_refuses_an_eform_outside_the_supported_subset(editor):
    draft = draft_ready(
        eform_schema={"type": "object", "properties": {"photo": {"type": "string", "format": "binary"}}}
    )
    with pytest.raises(services.VersionInvalid) as caught:
        services.publish_version(version=draft, actor=editor, effective_from=JULY)
    eform_problems = [problem for problem in caught.value.problems if problem.where.startswith("eform:")]
    assert eform_problems and eform_problems[0].where == "eform:photo"
    assert eform_problems[0].message_vi.startswith("Biểu mẫu điện tử")


def test_saving_a_draft_records_the_order_of_the_eform_fields(editor):
    draft = make_version()
    draft.eform_schema = {
        "type": "object",
        "properties": {
            "ho_ten": {"type": "string"},
            "ngay_sinh": {"type": "string", "format": "date"},
            "a": {"type": "integer"},
        },
    }
    services.save_draft(version=draft, actor=editor)
    draft.refresh_from_db()
    assert draft.eform_schema["x-order"] == ["ho_ten", "ngay_sinh", "a"]
