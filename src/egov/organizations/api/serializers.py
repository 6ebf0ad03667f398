"""Read-only representations of agencies and administrative units."""

from __future__ import annotations

from rest_framework import serializers

from egov.organizations.models import AdministrativeUnit, Agency


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level", "division_type", "codename", "parent_code"]


class AgencySerializer(serializers.ModelSerializer):
    parent_identifier = serializers.CharField(
        source="parent.identifier", read_only=True, allow_null=True, default=None
    )
    administrative_unit_code = serializers.CharField(
        source="administrative_unit.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Agency
        fields = [
            "id",
            "identifier",
            "name",
            "short_name",
            "kind",
            "parent",
            "parent_identifier",
            "administrative_unit_code",
            "depth",
            "address",
            "phone",
            "email",
            "is_active",
        ]
        read_only_fields = fields
