"""Editing the catalogue in the admin: publishing shows every problem, published versions and the
processes they use are read-only, a new version is a draft copy."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from egov.accounts.models import User
from egov.core.models import AuditEntry
from egov.procedures.models import ProcedureVersion, Process
from tests.procedures.factories import (
    make_field,
    make_procedure,
    make_process,
    make_published_version,
    make_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, settings: Any) -> Client:
    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    user = User.objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="mat-khau-dai-123", full_name="Quản trị"
    )
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _change(version: ProcedureVersion) -> str:
    return reverse("admin:procedures_procedureversion_change", args=[version.pk])


def test_publish_button_publishes_a_complete_draft(admin_client: Client) -> None:
    draft = make_version(decision="1234/QĐ-UBND", effective_from="2025-07-01")
    page = admin_client.get(_change(draft))
    assert "Công bố" in page.content.decode()
    response = admin_client.post(reverse("admin:procedures_procedureversion_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProcedureVersion.Status.PUBLISHED
    assert any("Đã công bố" in text for text in _messages(response))


def test_publish_button_shows_every_problem_as_its_own_error(admin_client: Client) -> None:
    draft = make_version(with_children=False, process=make_process(legal_hours=40))
    response = admin_client.post(
        reverse("admin:procedures_procedureversion_publish", args=[draft.pk]), follow=True
    )
    texts = _messages(response)
    assert any("4 vấn đề" in text for text in texts)
    assert "Chưa nhập quyết định công bố." in texts
    assert "Chưa nhập ngày có hiệu lực." in texts
    assert "Chưa có cơ quan tiếp nhận hồ sơ." in texts
    assert any("40 giờ" in text and "24 giờ" in text for text in texts)
    draft.refresh_from_db()
    assert draft.is_draft


def test_publish_action_on_the_list_reports_each_version(admin_client: Client) -> None:
    good = make_version(decision="1/QĐ-UBND", effective_from="2025-07-01")
    bad = make_version(decision="")
    response = admin_client.post(
        reverse("admin:procedures_procedureversion_changelist"),
        {"action": "publish_selected", "_selected_action": [good.pk, bad.pk]},
    )
    assert response.status_code == 302
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == ("published", "draft")
    assert any(str(bad) in text and "vấn đề" in text for text in _messages(response))


def test_a_published_version_is_read_only(admin_client: Client) -> None:
    version = make_published_version()
    page = admin_client.get(_change(version))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "Tạo phiên bản mới" in page.content.decode()
    response = admin_client.post(_change(version), {"name": "Tên đã sửa"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name != "Tên đã sửa"


def test_new_version_button_opens_a_draft_copy(admin_client: Client) -> None:
    version = make_published_version()
    response = admin_client.post(reverse("admin:procedures_procedureversion_new_version", args=[version.pk]))
    draft = ProcedureVersion.objects.get(procedure=version.procedure, number=2)
    assert response["Location"] == _change(draft)
    assert draft.is_draft and draft.fees.count() == 1
    again = admin_client.post(reverse("admin:procedures_procedureversion_new_version", args=[version.pk]))
    assert any("đã có bản nháp" in text for text in _messages(again))


def test_new_version_action_on_procedures(admin_client: Client) -> None:
    version = make_published_version()
    admin_client.post(
        reverse("admin:procedures_procedure_changelist"),
        {"action": "start_new_versions", "_selected_action": [version.procedure.pk]},
    )
    assert version.procedure.versions.filter(status="draft").count() == 1


def test_adding_a_draft_through_the_admin_numbers_and_audits_it(admin_client: Client) -> None:
    version = make_published_version()
    field = make_field()
    process = make_process()
    data = {
        "procedure": version.procedure.pk, "name": "Thủ tục sửa đổi", "field": field.pk, "level": "commune",
        "decision": "", "effective_from": "", "description": "", "conditions": "", "result": "Giấy",
        "legal_basis": "Luật", "source_note": "", "processing_time": "3",
        "processing_time_unit": "working_days",
        "single_day_cutoff": "", "process": process.pk, "online_level": "partial", "legacy_level": "",
        "accepts_online": "on", "eform_schema": "{}",
    }  # fmt: skip
    for prefix in ("agencies", "fees", "papers"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(reverse("admin:procedures_procedureversion_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft = ProcedureVersion.objects.get(procedure=version.procedure, status="draft")
    assert draft.number == 2 and draft.search_folded.startswith("thu tuc sua doi")
    assert AuditEntry.objects.filter(action="procedure.version_saved", object_id=str(draft.pk)).exists()
    second = admin_client.post(reverse("admin:procedures_procedureversion_add"), data)
    assert second.status_code == 200
    assert "đã có bản nháp" in str(second.context["adminform"].form.errors["procedure"])


def test_saving_a_process_warns_about_each_problem(admin_client: Client) -> None:
    process = make_process(legal_hours=24)
    url = reverse("admin:procedures_process_change", args=[process.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    steps = list(process.steps.order_by("order"))
    actions = list(process.actions.all())
    data: dict[str, Any] = {"code": process.code, "name": process.name, "description": "",
                            "supplement_clock": "pause_resume", "_continue": "1"}  # fmt: skip
    data.update({"steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": len(steps)})
    for index, step in enumerate(steps):
        prefix = f"steps-{index}-"
        data.update({
            prefix + "id": step.pk, prefix + "process": process.pk, prefix + "order": step.order,
            prefix + "code": step.code, prefix + "name": step.name, prefix + "responsible": step.responsible,
            prefix + "role": step.role, prefix + "allotted_hours": step.allotted_hours,
            prefix + "national_status": step.national_status, prefix + "other_agency": "",
            prefix + "other_agency_kind": "",
        })  # fmt: skip
        for flag in ("is_initial", "is_terminal", "counts_toward_time"):
            if getattr(step, flag):
                data[prefix + flag] = "on"
    data["steps-0-is_initial"] = ""  # no initial step any more
    data["steps-1-responsible"] = "other_agency"  # inter-agency, but no agency named
    data.update({"actions-TOTAL_FORMS": len(actions), "actions-INITIAL_FORMS": len(actions)})
    for index, action in enumerate(actions):
        prefix = f"actions-{index}-"
        data.update({
            prefix + "id": action.pk, prefix + "process": process.pk, prefix + "code": action.code,
            prefix + "name": action.name, prefix + "from_step": action.from_step_id,
            prefix + "to_step": action.to_step_id, prefix + "roles": action.roles,
            prefix + "clock_effect": action.clock_effect,
        })  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    texts = _messages(response)
    assert any("chưa có bước bắt đầu" in text for text in texts)
    assert any("chưa chọn cơ quan hoặc loại cơ quan" in text for text in texts)


def test_a_process_used_by_a_published_version_is_read_only(admin_client: Client) -> None:
    version = make_published_version()
    page = admin_client.get(reverse("admin:procedures_process_change", args=[version.process_id]))
    assert page.context["has_change_permission"] is False
    free = make_process()
    assert admin_client.get(reverse("admin:procedures_process_change", args=[free.pk])).context[
        "has_change_permission"
    ]


def test_check_action_says_which_legal_time_a_valid_process_fits(admin_client: Client) -> None:
    process = make_process(legal_hours=Decimal("16"))
    response = admin_client.post(
        reverse("admin:procedures_process_changelist"),
        {"action": "check_processes", "_selected_action": [process.pk]},
    )
    assert any("hợp lệ" in text and "16 giờ" in text for text in _messages(response))
    assert Process.objects.count() == 1  # checking changes nothing


def test_admin_lists_render(admin_client: Client) -> None:
    make_published_version(make_procedure(national_code="1.001193"))
    for name in ("procedure", "procedureversion", "process", "procedurefield"):
        assert admin_client.get(reverse(f"admin:procedures_{name}_changelist")).status_code == 200
    version = ProcedureVersion.objects.get()
    assert (
        admin_client.get(
            reverse("admin:procedures_procedure_change", args=[version.procedure_id])
        ).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:procedures_procedureversion_add")).status_code == 200


def test_copy_action_asks_for_the_new_time_then_makes_a_scaled_copy(admin_client: Client) -> None:
    template = make_process(legal_hours=24, is_template=True)
    url = reverse("admin:procedures_process_changelist")
    selection = {"action": "copy_for_another_time", "_selected_action": [template.pk]}
    page = admin_client.post(url, selection)
    assert page.status_code == 200 and "legal_hours" in page.content.decode()
    response = admin_client.post(url, {**selection, "code": "XA-5N", "name": "Năm ngày", "legal_hours": "40"})
    copy = Process.objects.get(code="XA-5N")
    assert response["Location"] == reverse("admin:procedures_process_change", args=[copy.pk])
    assert sum(step.allotted_hours for step in copy.steps.filter(counts_toward_time=True)) == 40
    assert any("40 giờ" in text for text in _messages(response))
    duplicate = admin_client.post(url, {**selection, "code": "XA-5N", "name": "Lần hai", "legal_hours": "40"})
    assert "đã được dùng" in duplicate.content.decode()
