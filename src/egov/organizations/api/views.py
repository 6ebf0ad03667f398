"""Read-only API over the agency directory and the administrative units (/api/v1/)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from egov.organizations import rules, selectors
from egov.organizations.api.serializers import AdministrativeUnitSerializer, AgencySerializer
from egov.organizations.models import AdministrativeUnit, Agency


class AgencyFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", label="Tên (không phân biệt dấu)")
    identifier = filters.CharFilter(method="filter_identifier", label="Mã định danh điện tử")
    parent = filters.NumberFilter(field_name="parent_id", label="Mã số cơ quan cấp trên")
    parent_identifier = filters.CharFilter(
        field_name="parent__identifier", label="Mã định danh cơ quan cấp trên"
    )
    kind = filters.ChoiceFilter(choices=Agency.Kind.choices, label="Loại")

    class Meta:
        model = Agency
        fields = ["q", "identifier", "parent", "parent_identifier", "kind"]

    def filter_q(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return selectors.matching_words(queryset, value)

    def filter_identifier(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        try:
            return queryset.filter(identifier=rules.normalize_identifier(value))
        except rules.ValidationFailed:
            return queryset.none()


@extend_schema_view(
    list=extend_schema(summary="Danh sách cơ quan, đơn vị đang hoạt động", tags=["Cơ quan, đơn vị"]),
    retrieve=extend_schema(summary="Một cơ quan, đơn vị", tags=["Cơ quan, đơn vị"]),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies in tree order (materialised path). Filters: ``q`` (name without accents), ``kind``,
    ``parent`` (id), ``parent_identifier``, ``identifier``."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    queryset = Agency.objects.none()

    def get_queryset(self) -> QuerySet[Agency]:
        return selectors.agencies()


class AdministrativeUnitFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=AdministrativeUnit.Level.choices, label="Cấp")
    parent_code = filters.CharFilter(field_name="parent__code", label="Mã tỉnh, thành phố")
    q = filters.CharFilter(method="filter_q", label="Tên (không phân biệt dấu)")

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "parent_code", "q"]

    def filter_q(
        self, queryset: QuerySet[AdministrativeUnit], name: str, value: str
    ) -> QuerySet[AdministrativeUnit]:
        return selectors.matching_words(queryset, value)


@extend_schema_view(
    list=extend_schema(summary="Danh sách tỉnh, thành phố và xã, phường", tags=["Đơn vị hành chính"]),
    retrieve=extend_schema(
        summary="Một đơn vị hành chính theo mã",
        tags=["Đơn vị hành chính"],
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã đơn vị hành chính")],
    ),
)
class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces (2-digit codes) and communes/wards (5-digit codes) from ``vietnam-provinces``."""

    serializer_class = AdministrativeUnitSerializer
    filterset_class = AdministrativeUnitFilter
    lookup_field = "code"
    queryset = AdministrativeUnit.objects.none()

    def get_queryset(self) -> QuerySet[AdministrativeUnit]:
        return selectors.administrative_units()
