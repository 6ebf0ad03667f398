"""Read-only API over the procedure catalogue (/api/v1/procedures/, /api/v1/procedure-fields/)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from egov.core.errors import ValidationFailed
from egov.procedures import search, selectors
from egov.procedures.api.serializers import (
    ProcedureDetailSerializer,
    ProcedureFieldSerializer,
    ProcedureQuerySerializer,
    ProcedureSummarySerializer,
    ProcedureVersionSerializer,
)
from egov.procedures.models import Action, Procedure, ProcedureField, ProcedureVersion, Step, VersionAgency

TAG = "Thủ tục hành chính"
CODE = OpenApiParameter(
    "national_code", str, OpenApiParameter.PATH, description="Mã thủ tục trên CSDL quốc gia, ví dụ 1.001193."
)


class UnknownAgency(ValidationFailed):
    code = "procedures.unknown_agency"
    message_vi = "Không có cơ quan với mã định danh này, cũng không phải một loại cơ quan."
    message_en = "No agency has this identifier, and it is not a kind of agency either."


@extend_schema_view(
    list=extend_schema(
        summary="Tìm thủ tục hành chính đang có hiệu lực",
        description=(
            "Tìm không phân biệt dấu, hoa thường: mọi từ phải khớp (từ cuối có thể gõ dở). "
            "Kết quả xếp theo: đúng mã thủ tục, khớp tên, rồi khớp phần khác. Mỗi thủ tục một dòng: "
            "phiên bản đang có hiệu lực hôm nay."
        ),
        tags=[TAG],
        parameters=[ProcedureQuerySerializer],
    ),
    retrieve=extend_schema(
        summary="Toàn bộ nội dung phiên bản đang có hiệu lực của một thủ tục",
        description=(
            "Cơ quan thực hiện, phí, lệ phí, thành phần hồ sơ, quy trình nội bộ (bước, thao tác), "
            "biểu mẫu điện tử."
        ),
        tags=[TAG],
        parameters=[CODE],
    ),
    versions=extend_schema(
        summary="Các phiên bản đã công bố của một thủ tục",
        description="Theo ngày có hiệu lực, mới nhất trước; in_force đánh dấu phiên bản đang áp dụng.",
        tags=[TAG],
        parameters=[CODE],
        responses=ProcedureVersionSerializer(many=True),
    ),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """Procedures in force, searched without accents; one procedure by its national code."""

    lookup_field = "national_code"
    lookup_value_regex = r"[^/]+"
    filter_backends: list = []
    queryset = ProcedureVersion.objects.none()

    def get_serializer_class(self) -> type:
        if self.action == "retrieve":
            return ProcedureDetailSerializer
        if self.action == "versions":
            return ProcedureVersionSerializer
        return ProcedureSummarySerializer

    def get_queryset(self) -> QuerySet[ProcedureVersion]:
        if self.action != "list":
            return search.in_force()
        params = ProcedureQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        agency_value = data.pop("agency", "")
        criteria = {key: value for key, value in data.items() if value}
        if agency_value:
            agency = search.parse_agency(agency_value)
            if agency is None:
                raise UnknownAgency(field="agency")
            criteria["agency"] = agency
        return search.search(**criteria)

    def get_object(self) -> ProcedureVersion:
        version = (
            search.in_force()
            .filter(procedure__national_code=self.kwargs["national_code"])
            .select_related("procedure", "field")
            .prefetch_related(
                Prefetch(
                    "agencies", queryset=VersionAgency.objects.select_related("agency").order_by("part", "pk")
                ),
                "fees",
                "papers",
                Prefetch(
                    "process__steps", queryset=Step.objects.select_related("other_agency").order_by("order")
                ),
                Prefetch(
                    "process__actions",
                    queryset=Action.objects.select_related("from_step", "to_step").order_by(
                        "from_step__order", "code"
                    ),
                ),
            )
            .first()
        )
        if version is None:
            raise NotFound("Không có thủ tục đang có hiệu lực với mã này.")
        return version

    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request: Request, national_code: str) -> Response:
        procedure = Procedure.objects.filter(national_code=national_code).first()
        if procedure is None:
            raise NotFound("Không có thủ tục với mã này.")
        current = selectors.version_in_force(procedure, timezone.localdate())
        versions = procedure.versions.exclude(status=ProcedureVersion.Status.DRAFT).order_by(
            "-effective_from", "-number"
        )
        serializer = ProcedureVersionSerializer(
            versions, many=True, context={"in_force_pk": current.pk if current else None}
        )
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(summary="Danh sách lĩnh vực thủ tục hành chính", tags=[TAG]),
    retrieve=extend_schema(
        summary="Một lĩnh vực theo mã",
        tags=[TAG],
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã lĩnh vực")],
    ),
)
class ProcedureFieldViewSet(viewsets.ReadOnlyModelViewSet):
    """Fields (lĩnh vực) of the catalogue, by name."""

    serializer_class = ProcedureFieldSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    filter_backends: list = []
    queryset = ProcedureField.objects.order_by("name")
