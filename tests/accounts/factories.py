"""Test data for accounts: people made through the services, agencies through organizations'."""

from __future__ import annotations

import itertools
from typing import Any

from egov.accounts import rules, services
from egov.accounts.models import User
from egov.organizations import services as organization_services
from egov.organizations.models import Agency
from tests.organizations.factories import make_agency

PASSWORD = "Hue@2026-thu-nghiem"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_numbers = itertools.count(1)

__all__ = ["PASSWORD", "SECRET", "make_agency", "make_citizen", "make_officer"]


def make_officer(agency: Agency | None = None, role: str = "", *, totp: bool = False, **fields: Any) -> User:
    n = next(_numbers)
    fields.setdefault("username", f"canbo{n}")
    fields.setdefault("full_name", f"Cán Bộ Số {'ABCDEFGHIK'[n % 10]}")
    fields.setdefault("email", f"canbo{n}@hue.gov.vn")
    fields.setdefault("password", PASSWORD)
    return services.create_officer(
        actor=None, agency=agency, role=role, totp_secret=SECRET if totp else "", **fields
    )


def citizen_id(n: int) -> str:
    number = f"046{(n % 2)}95{n:06d}"
    return rules.normalize_citizen_id(number)


def make_citizen(**fields: Any) -> User:
    n = next(_numbers)
    fields.setdefault("full_name", "Nguyễn Thị Hoa")
    fields.setdefault("citizen_id", citizen_id(n))
    fields.setdefault("phone", f"091{n % 10_000_000:07d}")  # one account per phone number
    fields.setdefault("email", f"congdan{n}@example.vn")
    fields.setdefault("password", PASSWORD)
    return services.register_citizen(**fields)


def add_role(user: User, agency: Agency, role: str, **fields: Any) -> Any:
    return organization_services.add_membership(actor=None, user=user, agency=agency, role=role, **fields)
