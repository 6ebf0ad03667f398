"""Read-only representations of the catalogue: a procedure as in force today, its versions, fields."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.organizations.models import Agency
from egov.procedures.models import (
    Action,
    Fee,
    ProcedureField,
    ProcedureVersion,
    Process,
    RequiredPaper,
    Step,
    VersionAgency,
)
from egov.procedures.presentation import processing_time_text


class ProcedureFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureField
        fields = ["code", "name"]
        extra_kwargs = {"code": {"help_text": "Mã lĩnh vực"}, "name": {"help_text": "Tên lĩnh vực"}}


class VersionAgencySerializer(serializers.ModelSerializer):
    agency_identifier = serializers.CharField(
        source="agency.identifier",
        allow_null=True,
        default=None,
        help_text=(
            "Mã định danh điện tử của cơ quan; null khi áp dụng cho mọi cơ quan thuộc loại agency_kind."
        ),
    )
    agency_name = serializers.CharField(source="agency.name", allow_null=True, default=None)
    agency_kind = serializers.SerializerMethodField(
        help_text="Loại cơ quan (của cơ quan được nêu tên, hoặc mọi cơ quan loại này)."
    )

    class Meta:
        model = VersionAgency
        fields = ["part", "agency_identifier", "agency_name", "agency_kind", "note"]

    @extend_schema_field(serializers.ChoiceField(choices=Agency.Kind.choices))
    def get_agency_kind(self, obj: VersionAgency) -> str:
        return obj.agency.kind if obj.agency_id else obj.agency_kind


class FeeSerializer(serializers.ModelSerializer):
    amount = serializers.IntegerField(help_text="Mức thu (đồng); 0 là miễn.")

    class Meta:
        model = Fee
        fields = ["kind", "code", "name", "amount", "note"]


class RequiredPaperSerializer(serializers.ModelSerializer):
    form_template_url = serializers.SerializerMethodField(
        help_text="Đường dẫn tải mẫu đơn, tờ khai (nếu có)."
    )

    class Meta:
        model = RequiredPaper
        fields = [
            "code",
            "name",
            "originals",
            "copies",
            "is_required",
            "reusable",
            "form_template_name",
            "form_template_url",
            "note",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_form_template_url(self, obj: RequiredPaper) -> str | None:
        if not obj.form_template:
            return None
        request = self.context.get("request")
        url = obj.form_template.url
        return request.build_absolute_uri(url) if request is not None else url


class StepSerializer(serializers.ModelSerializer):
    other_agency = serializers.CharField(source="other_agency.identifier", allow_null=True, default=None)

    class Meta:
        model = Step
        fields = [
            "code",
            "order",
            "name",
            "responsible",
            "role",
            "allotted_hours",
            "national_status",
            "is_initial",
            "is_terminal",
            "counts_toward_time",
            "other_agency",
            "other_agency_kind",
        ]


class ActionSerializer(serializers.ModelSerializer):
    from_step = serializers.CharField(source="from_step.code", help_text="Mã bước đi")
    to_step = serializers.CharField(source="to_step.code", help_text="Mã bước đến")
    roles = serializers.ListField(child=serializers.CharField(), help_text="Vai trò được thực hiện.")

    class Meta:
        model = Action
        fields = [
            "code",
            "name",
            "from_step",
            "to_step",
            "roles",
            "clock_effect",
            "requires_papers",
            "requires_signature",
            "requires_payment",
        ]


class ProcessSerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True)
    actions = ActionSerializer(many=True)

    class Meta:
        model = Process
        fields = ["code", "name", "supplement_clock", "steps", "actions"]


class ProcedureSummarySerializer(serializers.ModelSerializer):
    """A procedure in the search results: the version in force, briefly."""

    national_code = serializers.CharField(
        source="procedure.national_code", help_text="Mã thủ tục (CSDL quốc gia)"
    )
    field = ProcedureFieldSerializer()
    version = serializers.IntegerField(source="number", help_text="Số phiên bản đang có hiệu lực")
    processing_time_text = serializers.SerializerMethodField(
        help_text='Thời hạn giải quyết, ví dụ "05 ngày làm việc".'
    )

    class Meta:
        model = ProcedureVersion
        fields = [
            "national_code",
            "name",
            "field",
            "level",
            "online_level",
            "legacy_level",
            "accepts_online",
            "processing_time",
            "processing_time_unit",
            "single_day_cutoff",
            "processing_time_text",
            "version",
            "effective_from",
        ]

    def get_processing_time_text(self, obj: ProcedureVersion) -> str:
        return processing_time_text(obj)


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    """Everything about the version in force: agencies, fees, papers, the internal process, the e-form."""

    agencies = VersionAgencySerializer(many=True)
    fees = FeeSerializer(many=True)
    papers = RequiredPaperSerializer(many=True)
    process = ProcessSerializer(allow_null=True)

    class Meta(ProcedureSummarySerializer.Meta):
        fields = [
            *ProcedureSummarySerializer.Meta.fields,
            "decision",
            "description",
            "conditions",
            "result",
            "legal_basis",
            "source_note",
            "agencies",
            "fees",
            "papers",
            "process",
            "eform_schema",
        ]


class ProcedureVersionSerializer(serializers.ModelSerializer):
    """A published (or later withdrawn) version with its effective date."""

    in_force = serializers.SerializerMethodField(help_text="Có phải phiên bản đang có hiệu lực hôm nay.")

    class Meta:
        model = ProcedureVersion
        fields = ["number", "status", "name", "effective_from", "decision", "published_at", "in_force"]

    def get_in_force(self, obj: ProcedureVersion) -> bool:
        return obj.pk == self.context.get("in_force_pk")


class ProcedureQuerySerializer(serializers.Serializer):
    """Query parameters of the procedure search."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Tên hoặc mã thủ tục, gõ có dấu hay không dấu đều được.",
    )
    field = serializers.CharField(
        required=False, allow_blank=True, help_text="Mã lĩnh vực (xem /api/v1/procedure-fields/)."
    )
    agency = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            "Cơ quan tiếp nhận hoặc giải quyết: mã định danh điện tử (khớp cả thủ tục áp dụng cho mọi "
            "cơ quan cùng loại), hoặc một loại cơ quan (commune_committee…)."
        ),
    )
    level = serializers.ChoiceField(
        choices=ProcedureVersion.Level.choices, required=False, allow_blank=True, help_text="Cấp thực hiện."
    )
    online_level = serializers.ChoiceField(
        choices=ProcedureVersion.OnlineLevel.choices,
        required=False,
        allow_blank=True,
        help_text="Mức độ dịch vụ công trực tuyến (Nghị định 42/2022).",
    )
