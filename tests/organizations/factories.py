"""Test data for organisations, built through the services so paths and folded names are right."""

from __future__ import annotations

import itertools
from typing import Any

from egov.accounts.models import User
from egov.organizations import rules, services
from egov.organizations.models import Agency

_numbers = itertools.count(1)


def make_agency(parent: Agency | None = None, **fields: Any) -> Agency:
    """An agency with a fresh valid identifier: a level-1 ``H`` code for a root, the next child code
    below the parent's identifier otherwise."""
    n = next(_numbers)
    if "identifier" not in fields:
        if parent is None:
            fields["identifier"] = str(rules.AgencyIdentifier(f"H{n % 99 + 1:02d}"))
            while Agency.objects.filter(identifier=fields["identifier"]).exists():
                n = next(_numbers)
                fields["identifier"] = str(rules.AgencyIdentifier(f"H{n % 99 + 1:02d}"))
        else:
            taken = parent.children.count()
            fields["identifier"] = str(rules.parse_identifier(parent.identifier).child(taken + 1))
    fields.setdefault("name", f"Cơ quan thử nghiệm {n}")
    fields.setdefault("short_name", f"CQ{n}")
    fields.setdefault("kind", Agency.Kind.PEOPLES_COMMITTEE if parent is None else Agency.Kind.DEPARTMENT)
    return services.create_agency(actor=None, parent=parent, **fields)


def make_user(username: str | None = None, **fields: Any) -> User:
    username = username or f"user{next(_numbers)}"
    fields.setdefault("full_name", f"Người dùng {username}")
    fields.setdefault("kind", User.Kind.OFFICER)
    return User.objects.create_user(username=username, password="mat-khau-dai-123", **fields)
