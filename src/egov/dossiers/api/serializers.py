"""The public representation of a dossier (`egov.dossiers.lookup.PublicDossier`): no personal data."""

from __future__ import annotations

from rest_framework import serializers

from egov.dossiers.domain.state import NationalStatus


class PublicStepSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Tên bước xử lý")
    at = serializers.DateTimeField(help_text="Thời điểm chuyển sang bước")


class PublicDossierSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã hồ sơ")
    procedure_name = serializers.CharField(help_text="Tên thủ tục hành chính")
    procedure_code = serializers.CharField(help_text="Mã thủ tục trên Cơ sở dữ liệu quốc gia")
    agency_name = serializers.CharField(help_text="Cơ quan tiếp nhận")
    status = serializers.ChoiceField(
        choices=[(int(status), status.label) for status in NationalStatus],
        help_text="Trạng thái theo Thông tư 03/2025/TT-VPCP (1–10)",
    )
    status_label = serializers.CharField(help_text="Tên trạng thái")
    received_at = serializers.DateTimeField(help_text="Tiếp nhận lúc")
    due_at = serializers.DateTimeField(help_text="Hẹn trả kết quả lúc")
    finished_at = serializers.DateTimeField(allow_null=True, help_text="Giải quyết xong lúc")
    returned_at = serializers.DateTimeField(allow_null=True, help_text="Trả kết quả lúc")
    closed_at = serializers.DateTimeField(allow_null=True, help_text="Kết thúc xử lý (không có kết quả) lúc")
    steps = PublicStepSerializer(many=True, help_text="Các bước đã qua, theo thứ tự thời gian")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as `egov.core.api` writes them."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField()
