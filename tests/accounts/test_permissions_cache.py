"""Grants are read once per request (GrantsCacheMiddleware), never cached outside one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.accounts import permissions
from egov.organizations.models import Role
from tests.accounts.factories import add_role, make_agency, make_officer


@pytest.mark.django_db
def test_inside_a_request_many_checks_read_the_memberships_once() -> None:
    agency = make_agency()
    officer = make_officer(agency, Role.RECEIVER)
    with permissions.grants_cached(), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert permissions.can(officer, "dossiers.receive", agency)
            assert not permissions.can(officer, "documents.sign", agency)
    membership_reads = [q for q in queries.captured_queries if "organizations_membership" in q["sql"]]
    assert len(membership_reads) == 1


@pytest.mark.django_db
def test_outside_a_request_a_new_membership_counts_at_once() -> None:
    agency = make_agency()
    officer = make_officer(agency, Role.RECEIVER)
    assert not permissions.can(officer, "documents.sign", agency)
    add_role(officer, agency, Role.LEADER)
    assert permissions.can(officer, "documents.sign", agency)


@pytest.mark.django_db
def test_each_request_starts_with_an_empty_cache() -> None:
    agency = make_agency()
    officer = make_officer(agency, Role.RECEIVER)
    with permissions.grants_cached():
        assert not permissions.can(officer, "documents.sign", agency)
    add_role(officer, agency, Role.LEADER)
    with permissions.grants_cached():
        assert permissions.can(officer, "documents.sign", agency)


@pytest.mark.django_db
def test_the_middleware_wraps_every_request(client) -> None:
    seen = []

    def view(request):
        seen.append(permissions._request_grants.get())
        return "response"

    middleware = permissions.GrantsCacheMiddleware(view)
    assert middleware(object()) == "response"
    assert seen == [{}]
    assert permissions._request_grants.get() is None
