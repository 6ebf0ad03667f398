"""Public dossier lookup API: GET /api/v1/public/dossiers/{code} (no sign-in, rate-limited)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.dossiers import lookup
from egov.dossiers.api.serializers import ProblemSerializer, PublicDossierSerializer
from egov.dossiers.ratelimit import LookupRateLimited, check_lookup_rate


class PublicDossierView(APIView):
    """The public state of one dossier: procedure, receiving agency, status, due moment and the dates of
    its steps. Never the applicant's or officers' personal data."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []

    @extend_schema(
        summary="Tra cứu hồ sơ theo mã (công khai)",
        tags=["Tra cứu hồ sơ"],
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã hồ sơ")],
        responses={
            200: PublicDossierSerializer,
            404: OpenApiResponse(ProblemSerializer, description="dossier.not_found"),
            429: OpenApiResponse(ProblemSerializer, description="lookup.rate_limited (xem Retry-After)"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        check_lookup_rate(request)
        return Response(PublicDossierSerializer(lookup.public_dossier(code)).data)

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, LookupRateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response
