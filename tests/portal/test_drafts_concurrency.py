"""Two confirmations of one draft at the same moment (PostgreSQL: the draft's row lock decides)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from egov.dossiers.models import Dossier, DossierFile
from egov.portal import drafts
from egov.portal.models import Draft
from tests.dossiers.test_api_concurrency import run_at_once
from tests.portal.submission_setup import filled_draft, make_setup


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_create_one_dossier(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        setup = make_setup()
        draft = filled_draft(setup)

        def confirm(index: int) -> tuple[int, bool]:
            received = drafts.submit(draft=Draft.objects.get(pk=draft.pk), owner=setup.citizen)
            return received.dossier.pk, received.created

        results, errors = run_at_once(confirm, 2)
    assert errors == []
    assert len({pk for pk, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 2
    assert Draft.objects.get(pk=draft.pk).dossier_id == results[0][0]
