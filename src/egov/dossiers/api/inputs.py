"""What officers and integrators send: the receipt of a dossier, an action, files, the list's filters.

Every body is JSON (``application/json``); a file travels inside it as base64 (``content``), so one
request is one document: the ``Idempotency-Key`` covers the files too and a replay is byte-for-byte
the same request. Shape errors are refused here (problem ``validation.invalid`` with ``errors`` per
field); the rules (papers required, applicant's identity number, file types, permissions) are the
services' (problem with the service's stable code and ``field``).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.parsers import JSONParser

from egov.core.errors import ValidationFailed
from egov.dossiers.models import NATIONAL_STATUS_CHOICES, Dossier

OFFICER_CHANNELS = [
    (Dossier.Channel.COUNTER.value, Dossier.Channel.COUNTER.label),
    (Dossier.Channel.POSTAL.value, Dossier.Channel.POSTAL.label),
    (Dossier.Channel.INTER_AGENCY.value, Dossier.Channel.INTER_AGENCY.label),
]
MAX_FILES = 20
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: Longest key a client may send (the stored key is "<user id>:<key>", at most 200 characters).
IDEMPOTENCY_KEY_MAX = 150
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]+$")


def max_body_bytes() -> int:
    """Largest request body accepted: ``EGOV_API_MAX_BODY_BYTES``, 64 MiB by default."""
    return int(getattr(settings, "EGOV_API_MAX_BODY_BYTES", 64 * 1024 * 1024))


class BoundedJSONParser(JSONParser):
    """JSON, refused before reading when the declared length is over `max_body_bytes` (413)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        limit = max_body_bytes()
        if length and str(length).isdigit() and int(length) > limit:
            raise ValidationFailed(
                f"Nội dung yêu cầu lớn hơn {limit // (1024 * 1024)} MB cho phép.",
                code="api.body_too_large",
                message_en=f"The request body is larger than the {limit // (1024 * 1024)} MB allowed.",
                status=413,
                max_bytes=limit,
            )
        return super().parse(stream, media_type, parser_context)


def idempotency_key(request: Any) -> str:
    """The ``Idempotency-Key`` header (draft-ietf-httpapi-idempotency-key-header): required, a string
    of visible ASCII characters (the structured-field quotes are optional), at most 150 long."""
    raw = (request.headers.get(IDEMPOTENCY_HEADER) or "").strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    if not raw:
        raise ValidationFailed(
            "Thiếu tiêu đề Idempotency-Key: mỗi yêu cầu tiếp nhận hồ sơ phải có một khóa chống trùng.",
            code="api.idempotency_key_required",
            message_en="The Idempotency-Key header is required for this request.",
            field=IDEMPOTENCY_HEADER,
        )
    if len(raw) > IDEMPOTENCY_KEY_MAX or not _KEY_PATTERN.match(raw):
        raise ValidationFailed(
            f"Idempotency-Key phải gồm các ký tự ASCII nhìn thấy được, dài không quá {IDEMPOTENCY_KEY_MAX}.",
            code="api.idempotency_key_invalid",
            message_en=f"The Idempotency-Key must be visible ASCII, at most {IDEMPOTENCY_KEY_MAX} long.",
            field=IDEMPOTENCY_HEADER,
        )
    return raw


class Base64FileField(serializers.CharField):
    """A file's bytes as base64 (RFC 4648, standard alphabet, padding optional)."""

    def to_internal_value(self, data: Any) -> bytes:  # type: ignore[override]
        text = "".join(str(super().to_internal_value(data)).split())
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except (binascii.Error, ValueError) as error:
            raise serializers.ValidationError(_("Nội dung tệp không phải là base64 hợp lệ.")) from error


class FileInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, help_text="Tên tệp, ví dụ to-khai.pdf")
    content = Base64FileField(
        help_text="Nội dung tệp, mã hóa base64. Chỉ nhận PDF, JPG, PNG (nhận biết theo nội dung)."
    )
    paper = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="Mã giấy tờ (thành phần hồ sơ) mà tệp này là bản quét; bỏ trống nếu là tệp rời.",
    )


class ApplicantInSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, help_text="Họ và tên người nộp")
    citizen_id = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="Số định danh cá nhân (12 chữ số)"
    )
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    address = serializers.CharField(required=False, allow_blank=True, max_length=600)


class PaperInSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=32, help_text="Mã giấy tờ trong thành phần hồ sơ của thủ tục (xem API thủ tục)."
    )
    originals = serializers.IntegerField(
        required=False, min_value=0, max_value=99, help_text="Số bản chính; mặc định theo danh mục."
    )
    copies = serializers.IntegerField(
        required=False, min_value=0, max_value=99, help_text="Số bản sao; mặc định theo danh mục."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReceiveSerializer(serializers.Serializer):
    """A dossier handed in at the counter, by post or from another agency (liên thông)."""

    procedure = serializers.CharField(
        max_length=64, help_text="Mã thủ tục trên CSDL quốc gia, ví dụ 1.001193"
    )
    agency = serializers.CharField(
        max_length=64, help_text="Mã định danh điện tử của cơ quan tiếp nhận, ví dụ 000.00.02.H57"
    )
    channel = serializers.ChoiceField(
        choices=OFFICER_CHANNELS, default=Dossier.Channel.COUNTER.value, help_text="Kênh tiếp nhận."
    )
    applicant = ApplicantInSerializer()
    papers = PaperInSerializer(many=True, help_text="Giấy tờ đã nhận; phải đủ các giấy tờ bắt buộc.")
    eform = serializers.DictField(
        required=False, default=dict, help_text="Tờ khai điện tử theo biểu mẫu của thủ tục (nếu có)."
    )
    return_method = serializers.ChoiceField(
        choices=Dossier.ReturnMethod.choices,
        default=Dossier.ReturnMethod.COUNTER.value,
        help_text="Hình thức nhận kết quả.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    files = FileInSerializer(many=True, required=False, default=list, max_length=MAX_FILES)

    def validate_papers(self, papers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [paper["code"] for paper in papers]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Mỗi giấy tờ chỉ khai một lần."))
        return papers


class ActSerializer(serializers.Serializer):
    """One action of the dossier's process (see ``actions`` of the dossier for those open to you)."""

    action = serializers.SlugField(max_length=64, help_text="Mã thao tác của quy trình, ví dụ chuyen-xu-ly")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    new_due = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Hẹn trả mới (thao tác gia hạn, mẫu 04)."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    details = serializers.DictField(
        required=False,
        default=dict,
        help_text="Nội dung riêng của thao tác (giấy tờ cần bổ sung, đơn vị liên thông…), ghi vào diễn biến.",
    )
    files = FileInSerializer(
        many=True,
        required=False,
        default=list,
        max_length=MAX_FILES,
        help_text="Tệp kèm thao tác: kết quả giải quyết, giấy tờ bổ sung.",
    )


class AttachSerializer(serializers.Serializer):
    """Scans added to a dossier being processed."""

    files = FileInSerializer(many=True, min_length=1, max_length=MAX_FILES)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


ORDERINGS = ["due_at", "-due_at", "received_at", "-received_at"]


class DossierFilterSerializer(serializers.Serializer):
    """Query parameters of the dossier list."""

    agency = serializers.CharField(
        required=False, max_length=64, help_text="Mã định danh của cơ quan tiếp nhận hồ sơ."
    )
    current_agency = serializers.CharField(
        required=False,
        max_length=64,
        help_text="Mã định danh của cơ quan đang xử lý (hộp hồ sơ của cơ quan đó).",
    )
    procedure = serializers.CharField(required=False, max_length=64, help_text="Mã thủ tục (CSDL quốc gia).")
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=NATIONAL_STATUS_CHOICES),
        required=False,
        help_text="Trạng thái 1–10; lặp tham số để chọn nhiều: ?status=2&status=4",
    )
    step = serializers.CharField(required=False, max_length=64, help_text="Mã bước xử lý.")
    channel = serializers.ChoiceField(choices=Dossier.Channel.choices, required=False)
    received_from = serializers.DateField(required=False, help_text="Tiếp nhận từ ngày (kể cả ngày này).")
    received_to = serializers.DateField(required=False, help_text="Tiếp nhận đến ngày (kể cả ngày này).")
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: hồ sơ chưa xong đã quá hạn trả; false: chưa quá hạn hoặc đã xong.",
    )
    assigned_to_me = serializers.BooleanField(
        required=False, default=False, help_text="Chỉ hồ sơ được phân công cho tôi."
    )
    ordering = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        default="due_at",
        help_text="Sắp xếp: due_at, -due_at, received_at, -received_at.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError({"received_to": _("Ngày cuối phải sau ngày đầu.")})
        return attrs
