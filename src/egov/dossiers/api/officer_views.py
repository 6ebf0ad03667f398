"""The officers' and integrators' dossier API under /api/v1/dossiers (thin: parse, call a service or
selector, render). Sign-in required (401 problem), permissions checked by the services and selectors,
every refusal an RFC 9457 problem with a stable code (`egov.core.api`)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.core.errors import NotFound, PermissionDenied, ValidationFailed
from egov.dossiers import selectors, services
from egov.dossiers.api import inputs, outputs, queries
from egov.dossiers.api.authentication import API_AUTHENTICATION
from egov.dossiers.api.serializers import ProblemSerializer
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services import attachments
from egov.procedures import selectors as procedure_selectors

TAG = "Hồ sơ (cán bộ, hệ thống tích hợp)"
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã hồ sơ")
IDEMPOTENCY = OpenApiParameter(
    inputs.IDEMPOTENCY_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "Khóa chống trùng do bên gửi sinh (ví dụ UUID), tối đa 150 ký tự ASCII. Gửi lại cùng khóa, cùng "
        "nội dung: nhận lại đúng hồ sơ đã tạo, không tạo hồ sơ thứ hai. Cùng khóa, khác nội dung: 409."
    ),
)
APPLICANT_FIELDS = frozenset({"full_name", "citizen_id", "phone", "email", "address"})


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description=description)


UNAUTHENTICATED = _problem(
    "Chưa đăng nhập hoặc sai thông tin đăng nhập: http.not_authenticated, http.authentication_failed, "
    "http.account_locked, http.second_factor_required"
)
NOT_FOUND = _problem("dossier.not_found")
FORBIDDEN_VIEW = _problem("dossier.view_not_allowed")


def viewable(request: Request, code: str) -> Dossier:
    """The dossier with ``code`` if the signed-in officer may open it (404, 403 otherwise)."""
    dossier = selectors.dossier_by_code(code)
    if not selectors.may_view(request.user, dossier):
        raise PermissionDenied(
            "Bạn không có quyền xem hồ sơ này.",
            code="dossier.view_not_allowed",
            message_en="You are not allowed to open this dossier.",
        )
    return dossier


def render_dossier(request: Request, dossier: Dossier) -> dict[str, Any]:
    """The full representation: step names, papers and the actions open to the caller loaded once."""
    context = {
        "request": request,
        "now": timezone.now(),
        "step_names": queries.step_names(dossier.version.process_id),
        "papers": list(selectors.papers(dossier).select_related("paper")),
        "actions": selectors.actions_for(dossier, request.user),
    }
    return dict(outputs.DossierSerializer(dossier, context=context).data)


def _uploads(files: list[dict[str, Any]], papers: dict[str, int]) -> list[services.Upload]:
    uploads = []
    for item in files:
        code = item.get("paper") or ""
        if code and code not in papers:
            raise ValidationFailed(
                f"Tệp “{item['name']}” gắn với giấy tờ mã {code}, không thuộc thành phần hồ sơ của thủ tục.",
                code="dossier.paper_unknown",
                message_en=f"File {item['name']!r} names paper {code!r}, not in this procedure's list.",
                field="files",
            )
        uploads.append(services.Upload(name=item["name"], content=item["content"], paper_id=papers.get(code)))
    return uploads


class OfficerAPIView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    parser_classes = [inputs.BoundedJSONParser]


class DossierCursor(CursorPagination):
    """Cursor pages (stable while dossiers come in), ordered by the ``ordering`` parameter."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = getattr(view, "ordering", "due_at")
        return (ordering, "-pk" if ordering.startswith("-") else "pk")


class DossierCollectionView(OfficerAPIView):
    """GET: the dossiers the caller may open. POST: receive a dossier (counter, post, liên thông)."""

    pagination_class = DossierCursor
    ordering = "due_at"

    @extend_schema(
        operation_id="dossiers_list",
        summary="Danh sách hồ sơ cán bộ được xem",
        description=(
            "Hồ sơ của các cơ quan mà bạn có vai trò xử lý hồ sơ (tiếp nhận, chuyên viên, lãnh đạo): "
            "cơ quan tiếp nhận, cơ quan giải quyết hoặc cơ quan đang xử lý là cơ quan đó, cơ quan cấp "
            "dưới hoặc cơ quan cấp trên của đơn vị bạn. Phân trang theo con trỏ (next/previous)."
        ),
        tags=[TAG],
        parameters=[inputs.DossierFilterSerializer],
        responses={
            200: outputs.DossierSummarySerializer(many=True),
            400: _problem("validation.invalid, dossier.agency_unknown"),
            401: UNAUTHENTICATED,
        },
    )
    def get(self, request: Request) -> Response:
        params = request.query_params.dict()
        if "status" in request.query_params:
            params["status"] = request.query_params.getlist("status")
        criteria = inputs.DossierFilterSerializer(data=params)
        criteria.is_valid(raise_exception=True)
        self.ordering = criteria.validated_data["ordering"]
        qs = queries.filtered(
            queries.visible_dossiers(request.user), criteria.validated_data, user=request.user
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = outputs.DossierSummarySerializer(
            page, many=True, context={"request": request, "now": timezone.now()}
        ).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="dossiers_receive",
        summary="Tiếp nhận hồ sơ (trực tiếp, bưu chính, liên thông)",
        description=(
            "Cán bộ tiếp nhận (hoặc hệ thống tích hợp đăng nhập bằng tài khoản cán bộ tiếp nhận) ghi nhận "
            "một hồ sơ: thủ tục theo mã CSDL quốc gia, cơ quan tiếp nhận theo mã định danh, người nộp, "
            "giấy tờ theo mã, tờ khai điện tử, tệp (base64 trong JSON). Bắt buộc tiêu đề Idempotency-Key. "
            "Lần đầu: 201 và Location. Gửi lại cùng khóa, cùng nội dung: 201, cùng hồ sơ, tiêu đề "
            "Idempotent-Replayed: true. Cùng khóa, khác nội dung: 409 dossier.idempotency_key_reused."
        ),
        tags=[TAG],
        parameters=[IDEMPOTENCY],
        request=inputs.ReceiveSerializer,
        responses={
            201: outputs.DossierSerializer,
            400: _problem(
                "api.idempotency_key_required, api.idempotency_key_invalid, validation.invalid, "
                "dossier.procedure_unknown, dossier.agency_unknown, dossier.paper_unknown, "
                "dossier.papers_missing, dossier.eform_invalid, dossier.file_type_not_allowed, "
                "dossier.file_too_large, dossier.file_empty, dossier.no_version_in_force, "
                "dossier.agency_not_receiving, …"
            ),
            401: UNAUTHENTICATED,
            403: _problem("auth.permission_denied (không có vai trò tiếp nhận tại cơ quan)"),
            409: _problem("dossier.idempotency_key_reused"),
            413: _problem("api.body_too_large"),
        },
    )
    def post(self, request: Request) -> Response:
        key = inputs.idempotency_key(request)
        body = inputs.ReceiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        procedure = selectors.procedure_by_national_code(data["procedure"])
        if procedure is None:
            raise ValidationFailed(
                f"Không có thủ tục với mã {data['procedure']}.",
                code="dossier.procedure_unknown",
                message_en=f"No procedure has the code {data['procedure']}.",
                field="procedure",
            )
        agency = queries.agency(data["agency"], "agency")
        version = procedure_selectors.version_in_force(procedure, timezone.now())
        codes = dict(version.papers.values_list("code", "pk")) if version is not None else {}
        papers = []
        for paper in data["papers"]:
            if version is not None and paper["code"] not in codes:
                raise ValidationFailed(
                    f"Giấy tờ mã {paper['code']} không thuộc thành phần hồ sơ của thủ tục này.",
                    code="dossier.paper_unknown",
                    message_en=f"Paper {paper['code']!r} is not in this procedure's list.",
                    field="papers",
                )
            if version is not None:
                papers.append(
                    services.PaperReceipt(
                        paper_id=codes[paper["code"]],
                        originals=paper.get("originals"),
                        copies=paper.get("copies"),
                        note=paper.get("note", ""),
                    )
                )
        try:
            received = services.receive(
                channel=data["channel"],
                actor=request.user,
                agency=agency,
                procedure=procedure,
                applicant=dict(data["applicant"]),
                papers=papers,
                uploads=_uploads(data["files"], codes),
                eform_document=data["eform"] or None,
                return_method=data["return_method"],
                idempotency_key=f"{request.user.pk}:{key}",
                note=data["note"],
            )
        except ValidationFailed as error:
            if error.field in APPLICANT_FIELDS:
                error.field = f"applicant.{error.field}"
            raise
        dossier = selectors.dossier_by_code(received.dossier.code)
        headers = {"Location": request.build_absolute_uri(reverse("dossier-detail", args=[dossier.code]))}
        if not received.created:
            headers["Idempotent-Replayed"] = "true"
        return Response(render_dossier(request, dossier), status=201, headers=headers)


class DossierDetailView(OfficerAPIView):
    @extend_schema(
        operation_id="dossiers_retrieve",
        summary="Toàn bộ thông tin một hồ sơ",
        description=(
            "Người nộp, giấy tờ, trạng thái, bước (mã và tên), thời hạn (tiếp nhận, hẹn trả, hạn theo "
            "quy định, hạn bước, tạm dừng), thanh toán, trả kết quả, đồng bộ và các thao tác bạn được "
            "thực hiện lúc này."
        ),
        tags=[TAG],
        parameters=[CODE],
        responses={200: outputs.DossierSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN_VIEW, 404: NOT_FOUND},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(render_dossier(request, viewable(request, code)))


class DossierActionsView(OfficerAPIView):
    @extend_schema(
        operation_id="dossiers_act",
        summary="Thực hiện một thao tác của quy trình",
        description=(
            "Chuyển bước, trình ký, ký duyệt, yêu cầu bổ sung, gia hạn (new_due, reason)… Thao tác phải rời "
            "bước hiện tại và bạn phải có vai trò của thao tác. Trả về hồ sơ sau thao tác."
        ),
        tags=[TAG],
        parameters=[CODE],
        request=inputs.ActSerializer,
        responses={
            200: outputs.DossierSerializer,
            400: _problem("validation.invalid, dossier.extension_refused, dossier.file_type_not_allowed, …"),
            401: UNAUTHENTICATED,
            403: _problem("dossier.view_not_allowed, dossier.action_not_allowed, auth.permission_denied"),
            404: NOT_FOUND,
            409: _problem("dossier.invalid_transition"),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        dossier = viewable(request, code)
        body = inputs.ActSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.act(
            dossier=dossier,
            action_code=data["action"],
            actor=request.user,
            note=data["note"],
            new_due=data["new_due"],
            reason=data["reason"],
            details=data["details"],
            uploads=_uploads([{**item, "paper": ""} for item in data["files"]], {}),
        )
        return Response(render_dossier(request, selectors.dossier_by_code(code)))


class DossierTimelineView(OfficerAPIView):
    @extend_schema(
        operation_id="dossiers_timeline",
        summary="Diễn biến xử lý hồ sơ (các dòng của mẫu 06)",
        tags=[TAG],
        parameters=[CODE],
        responses={
            200: outputs.EventSerializer(many=True),
            401: UNAUTHENTICATED,
            403: FORBIDDEN_VIEW,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, code: str) -> Response:
        dossier = viewable(request, code)
        process_id = dossier.version.process_id
        events = selectors.timeline(dossier).prefetch_related(
            Prefetch("files", queryset=DossierFile.objects.only("pk", "event_id").order_by("pk"))
        )
        context = {
            "step_names": queries.step_names(process_id),
            "action_names": queries.action_names(process_id),
        }
        return Response(outputs.EventSerializer(events, many=True, context=context).data)


class DossierFilesView(OfficerAPIView):
    @extend_schema(
        operation_id="dossiers_files_list",
        summary="Các tệp của hồ sơ",
        tags=[TAG],
        parameters=[CODE],
        responses={
            200: outputs.FileSerializer(many=True),
            401: UNAUTHENTICATED,
            403: FORBIDDEN_VIEW,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, code: str) -> Response:
        dossier = viewable(request, code)
        rows = dossier.files.select_related("paper", "uploaded_by").order_by("pk")
        return Response(
            outputs.FileSerializer(rows, many=True, context={"request": request, "code": code}).data
        )

    @extend_schema(
        operation_id="dossiers_files_attach",
        summary="Bổ sung bản quét vào hồ sơ đang xử lý",
        description="Tệp PDF, JPG, PNG mã hóa base64 trong JSON; không tạo dòng diễn biến (mẫu 06).",
        tags=[TAG],
        parameters=[CODE],
        request=inputs.AttachSerializer,
        responses={
            201: outputs.FileSerializer(many=True),
            400: _problem("validation.invalid, dossier.file_type_not_allowed, dossier.file_too_large, …"),
            401: UNAUTHENTICATED,
            403: _problem("dossier.view_not_allowed, dossier.attach_not_allowed"),
            404: NOT_FOUND,
            409: _problem("dossier.invalid_transition (hồ sơ đã kết thúc)"),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        dossier = viewable(request, code)
        body = inputs.AttachSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = dossier.version
        codes = dict(version.papers.values_list("code", "pk"))
        stored = attachments.attach_scans(
            dossier=dossier,
            actor=request.user,
            uploads=_uploads(body.validated_data["files"], codes),
            note=body.validated_data["note"],
        )
        rows = DossierFile.objects.filter(pk__in=[row.pk for row in stored]).select_related(
            "paper", "uploaded_by"
        )
        data = outputs.FileSerializer(rows, many=True, context={"request": request, "code": code}).data
        return Response(data, status=201)


class AnyAccept(BaseContentNegotiation):
    """A download answers with the file's own type whatever the client accepts (errors as JSON)."""

    def select_parser(self, request: Request, parsers: list[Any]) -> Any:
        return parsers[0]

    def select_renderer(
        self, request: Request, renderers: list[Any], format_suffix: str | None = None
    ) -> Any:
        return renderers[0], renderers[0].media_type


class DossierFileView(OfficerAPIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="dossiers_files_download",
        summary="Tải một tệp của hồ sơ",
        tags=[TAG],
        parameters=[
            CODE,
            OpenApiParameter(
                "file_id", int, OpenApiParameter.PATH, description="Mã tệp (id trong danh sách tệp)"
            ),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Nội dung tệp, Content-Type theo loại tệp (PDF, JPEG, PNG)"
            ),
            401: UNAUTHENTICATED,
            403: FORBIDDEN_VIEW,
            404: _problem("dossier.not_found, dossier.file_not_found"),
        },
    )
    def get(self, request: Request, code: str, file_id: int) -> FileResponse:
        dossier = viewable(request, code)
        row = dossier.files.filter(pk=file_id).first()
        missing = NotFound(
            f"Hồ sơ {code} không có tệp số {file_id}.",
            code="dossier.file_not_found",
            message_en=f"Dossier {code} has no file {file_id}.",
        )
        if row is None:
            raise missing
        try:
            handle = default_storage.open(row.file.name, "rb")
        except FileNotFoundError as error:
            raise missing from error
        response = FileResponse(handle, as_attachment=True, filename=row.name, content_type=row.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response
