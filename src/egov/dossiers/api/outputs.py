"""What the officers' dossier API answers: a dossier in full (personal data included, officers only),
a row of the list, a timeline row (form 06), a file.

The serializers read plain attributes; the views hand them what the selectors loaded (step names,
available actions) through the context, so rendering never queries per row."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import NATIONAL_STATUS_CHOICES, Dossier, DossierEvent, DossierFile

STATUS_CHOICES = NATIONAL_STATUS_CHOICES


class AgencyRefSerializer(serializers.Serializer):
    identifier = serializers.CharField(help_text="Mã định danh điện tử")
    name = serializers.CharField()


class ProcedureRefSerializer(serializers.Serializer):
    national_code = serializers.CharField(source="procedure.national_code", help_text="Mã thủ tục")
    name = serializers.CharField(help_text="Tên thủ tục (phiên bản hồ sơ áp dụng)")
    version = serializers.IntegerField(source="number", help_text="Số phiên bản thủ tục áp dụng cho hồ sơ")


class PersonRefSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()


class StatusSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=STATUS_CHOICES, help_text="Trạng thái theo Thông tư 03/2025/TT-VPCP (1–10)"
    )
    label = serializers.CharField()


class StepRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã bước của quy trình nội bộ")
    name = serializers.CharField(help_text="Tên bước")


class ApplicantSerializer(serializers.Serializer):
    full_name = serializers.CharField(source="applicant_name")
    citizen_id = serializers.CharField(source="applicant_citizen_id")
    phone = serializers.CharField(source="applicant_phone")
    email = serializers.CharField(source="applicant_email")
    address = serializers.CharField(source="applicant_address")


class ClockSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField(help_text="Tiếp nhận lúc")
    started_at = serializers.DateTimeField(help_text="Bắt đầu tính thời gian giải quyết lúc")
    due_at = serializers.DateTimeField(help_text="Hẹn trả kết quả lúc (sau gia hạn, tạm dừng)")
    original_due_at = serializers.DateTimeField(help_text="Hạn giải quyết theo quy định")
    step_started_at = serializers.DateTimeField(help_text="Bước hiện tại bắt đầu lúc")
    step_due_at = serializers.DateTimeField(allow_null=True, help_text="Hạn của bước hiện tại")
    paused_at = serializers.DateTimeField(allow_null=True, help_text="Tạm dừng (chờ người nộp) từ lúc")
    paused_for = serializers.ChoiceField(
        choices=STATUS_CHOICES, allow_null=True, help_text="Trạng thái chờ: 5 bổ sung, 6 nghĩa vụ tài chính"
    )
    paused_hours = serializers.DecimalField(
        max_digits=9, decimal_places=2, help_text="Số giờ làm việc đã tạm dừng"
    )
    finished_at = serializers.DateTimeField(allow_null=True, help_text="Giải quyết xong lúc")
    closed_at = serializers.DateTimeField(allow_null=True, help_text="Kết thúc không có kết quả lúc")
    overdue = serializers.BooleanField(
        help_text="Chưa xong và đã quá hẹn trả (thời gian tạm dừng không tính)"
    )
    extensions = serializers.ListField(
        child=serializers.DictField(), help_text="Các lần gia hạn (mẫu 04), cũ trước"
    )


class AvailableActionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã thao tác: gửi trong POST …/actions")
    name = serializers.CharField()
    to_step = serializers.CharField(help_text="Mã bước đến")
    clock_effect = serializers.CharField(help_text="Tác động lên thời hạn: none, start, pause, resume…")
    requires_papers = serializers.BooleanField()
    requires_signature = serializers.BooleanField()
    requires_payment = serializers.BooleanField()


class PaperSerializer(serializers.Serializer):
    code = serializers.SerializerMethodField(help_text="Mã giấy tờ theo danh mục của thủ tục")
    name = serializers.CharField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    note = serializers.CharField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_code(self, obj: Any) -> str | None:
        return obj.paper.code if obj.paper_id else None


def is_overdue(dossier: Dossier, now: Any) -> bool:
    """Open and past the appointment; a paused clock is judged at the moment it stopped."""
    if dossier.finished_at is not None or dossier.closed_at is not None:
        return False
    return dossier.due_at < (dossier.paused_at or now)


def _agency(agency: Any) -> dict[str, str] | None:
    return {"identifier": agency.identifier, "name": agency.name} if agency is not None else None


def _person(user: Any) -> dict[str, str] | None:
    if user is None:
        return None
    return {"username": user.get_username(), "full_name": getattr(user, "full_name", "") or ""}


class DossierSummarySerializer(serializers.Serializer):
    """A dossier in the list."""

    code = serializers.CharField(help_text="Mã hồ sơ")
    procedure = ProcedureRefSerializer(source="version")
    agency = AgencyRefSerializer(help_text="Cơ quan tiếp nhận")
    current_agency = serializers.SerializerMethodField(help_text="Cơ quan đang xử lý bước hiện tại")
    channel = serializers.ChoiceField(choices=Dossier.Channel.choices)
    applicant_name = serializers.CharField(help_text="Họ và tên người nộp")
    status = serializers.SerializerMethodField()
    step = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    step_due_at = serializers.DateTimeField(allow_null=True)
    paused_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField(help_text="Chưa xong và đã quá hẹn trả")
    assignee = serializers.SerializerMethodField(help_text="Cán bộ được phân công (nếu có)")
    payment_state = serializers.ChoiceField(choices=Dossier.PaymentState.choices)
    delivery_state = serializers.ChoiceField(choices=Dossier.DeliveryState.choices)
    url = serializers.SerializerMethodField(help_text="Đường dẫn API của hồ sơ")

    @extend_schema_field(AgencyRefSerializer(allow_null=True))
    def get_current_agency(self, obj: Dossier) -> dict[str, str] | None:
        return _agency(obj.permission_agency())

    @extend_schema_field(StatusSerializer)
    def get_status(self, obj: Dossier) -> dict[str, Any]:
        return {"code": obj.national_status, "label": obj.status.label}

    @extend_schema_field(StepRefSerializer)
    def get_step(self, obj: Dossier) -> dict[str, str]:
        names = self.context.get("step_names") or {}
        name = getattr(obj, "step_name", None) or names.get(obj.step)
        return {"code": obj.step, "name": name or obj.step}

    def get_overdue(self, obj: Dossier) -> bool:
        return is_overdue(obj, self.context["now"])

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_assignee(self, obj: Dossier) -> dict[str, str] | None:
        return _person(obj.assignee)

    def get_url(self, obj: Dossier) -> str:
        path = reverse("dossier-detail", kwargs={"code": obj.code})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DossierSerializer(DossierSummarySerializer):
    """A dossier in full, for the officers who may open it."""

    processing_agency = serializers.SerializerMethodField(help_text="Cơ quan giải quyết (nếu khác)")
    return_method = serializers.ChoiceField(choices=Dossier.ReturnMethod.choices)
    applicant = ApplicantSerializer(source="*")
    papers = serializers.SerializerMethodField(help_text="Giấy tờ đã nhận")
    clock = serializers.SerializerMethodField()
    closure = serializers.SerializerMethodField(help_text="Kết thúc không có kết quả: trạng thái, lý do")
    sync_state = serializers.ChoiceField(choices=Dossier.SyncState.choices)
    received_by = serializers.SerializerMethodField(help_text="Cán bộ tiếp nhận")
    eform = serializers.DictField(source="eform_document", help_text="Tờ khai điện tử")
    actions = serializers.SerializerMethodField(help_text="Thao tác bạn được thực hiện lúc này")
    links = serializers.SerializerMethodField()

    @extend_schema_field(AgencyRefSerializer(allow_null=True))
    def get_processing_agency(self, obj: Dossier) -> dict[str, str] | None:
        return _agency(obj.processing_agency)

    @extend_schema_field(PaperSerializer(many=True))
    def get_papers(self, obj: Dossier) -> list[dict[str, Any]]:
        return PaperSerializer(self.context.get("papers", []), many=True).data

    @extend_schema_field(ClockSerializer)
    def get_clock(self, obj: Dossier) -> dict[str, Any]:
        data = {name: getattr(obj, name) for name in ClockSerializer().fields if hasattr(obj, name)}
        data["overdue"] = is_overdue(obj, self.context["now"])
        data["extensions"] = list(obj.extensions or [])
        return ClockSerializer(data).data

    @extend_schema_field(
        serializers.DictField(allow_null=True, help_text="{status, label, reason, at} hoặc null")
    )
    def get_closure(self, obj: Dossier) -> dict[str, Any] | None:
        if obj.closed_at is None or obj.closure_status is None:
            return None
        return {
            "status": obj.closure_status,
            "label": NationalStatus(obj.closure_status).label,
            "reason": obj.closure_reason,
            "at": serializers.DateTimeField().to_representation(obj.closed_at),
        }

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_received_by(self, obj: Dossier) -> dict[str, str] | None:
        return _person(obj.received_by)

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_actions(self, obj: Dossier) -> list[dict[str, Any]]:
        return AvailableActionSerializer(self.context.get("actions", []), many=True).data

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_links(self, obj: Dossier) -> dict[str, str]:
        request = self.context.get("request")
        links = {
            "self": reverse("dossier-detail", kwargs={"code": obj.code}),
            "timeline": reverse("dossier-timeline", kwargs={"code": obj.code}),
            "files": reverse("dossier-files", kwargs={"code": obj.code}),
            "actions": reverse("dossier-actions", kwargs={"code": obj.code}),
        }
        if request is None:
            return links
        return {name: request.build_absolute_uri(path) for name, path in links.items()}


class EventSerializer(serializers.ModelSerializer):
    """A timeline row (form 06): who handed over to whom, when, the step's deadline and result."""

    action_name = serializers.SerializerMethodField(help_text="Tên thao tác theo quy trình")
    from_step_name = serializers.SerializerMethodField()
    to_step_name = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField(help_text="Mã các tệp kèm thao tác")

    class Meta:
        model = DossierEvent
        fields = [
            "id",
            "at",
            "action",
            "action_name",
            "from_step",
            "from_step_name",
            "to_step",
            "to_step_name",
            "status_before",
            "status_after",
            "giver_name",
            "giver_unit_name",
            "receiver_name",
            "receiver_unit_name",
            "step_started_at",
            "step_due_at",
            "step_result",
            "note",
            "details",
            "files",
        ]

    def get_action_name(self, obj: DossierEvent) -> str:
        return (self.context.get("action_names") or {}).get(obj.action, obj.action)

    def get_from_step_name(self, obj: DossierEvent) -> str:
        return (self.context.get("step_names") or {}).get(obj.from_step, obj.from_step)

    def get_to_step_name(self, obj: DossierEvent) -> str:
        return (self.context.get("step_names") or {}).get(obj.to_step, obj.to_step)

    def get_files(self, obj: DossierEvent) -> list[int]:
        return [row.pk for row in obj.files.all()]


class FileSerializer(serializers.ModelSerializer):
    paper = serializers.CharField(source="paper.name", allow_null=True, default=None, help_text="Giấy tờ")
    uploaded_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField(help_text="Tải tệp")

    class Meta:
        model = DossierFile
        fields = [
            "id",
            "kind",
            "name",
            "content_type",
            "size",
            "sha256",
            "paper",
            "event",
            "created_at",
            "uploaded_by",
            "download_url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_uploaded_by(self, obj: DossierFile) -> str | None:
        user = obj.uploaded_by
        return (getattr(user, "full_name", "") or user.get_username()) if user is not None else None

    def get_download_url(self, obj: DossierFile) -> str:
        path = reverse("dossier-file", kwargs={"code": self.context["code"], "file_id": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
