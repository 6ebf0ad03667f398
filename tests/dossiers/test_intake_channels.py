"""The one intake service for every channel: files stored only on commit, Idempotency-Key, the
receiving-agency and e-form checks, online submission and its acceptance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import override_settings

from egov.core.errors import Conflict, DomainError, ValidationFailed
from egov.core.models import OutboxEvent
from egov.dossiers import files, services
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.organizations.models import Agency
from tests.accounts.factories import add_role, make_citizen
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, make_counter, receive
from tests.organizations.factories import make_agency

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def media(tmp_path: Path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def _stored(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.django_db(transaction=True)
def test_scans_are_stored_when_the_receipt_commits(media):
    counter = make_counter()
    paper = counter.version.papers.first()
    dossier = receive(
        counter,
        uploads=[files.Upload("so-do.pdf", PDF, paper_id=paper.pk), files.Upload("anh.png", PNG)],
    )
    rows = list(DossierFile.objects.filter(dossier=dossier).order_by("pk"))
    assert [(row.name, row.content_type, row.kind) for row in rows] == [
        ("so-do.pdf", "application/pdf", "scan"),
        ("anh.png", "image/png", "scan"),
    ]
    assert rows[0].paper is not None and rows[0].paper.paper_id == paper.pk
    assert files.read(rows[0]) == PDF
    assert len(_stored(media)) == 2


@pytest.mark.django_db(transaction=True)
def test_a_refused_receipt_stores_no_file(media):
    counter = make_counter()
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, papers=[], uploads=[files.Upload("so-do.pdf", PDF)])  # required papers missing
    assert caught.value.code == "dossier.papers_missing"
    assert not DossierFile.objects.exists()
    assert _stored(media) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (files.Upload("virus.exe", b"MZ\x90\x00 not a document"), "dossier.file_type_not_allowed"),
        (files.Upload("doi-ten.pdf", b"GIF89a pretending"), "dossier.file_type_not_allowed"),
        (files.Upload("rong.pdf", b""), "dossier.file_empty"),
    ],
)
def test_wrong_files_are_refused_before_anything_is_written(media, upload, code):
    counter = make_counter()
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, uploads=[upload])
    assert (caught.value.code, caught.value.field) == (code, "files")
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(media):
    counter = make_counter()
    with override_settings(EGOV_UPLOAD_MAX_BYTES=1024), pytest.raises(ValidationFailed) as caught:
        receive(counter, uploads=[files.Upload("lon.pdf", PDF + b"0" * 2048)])
    assert caught.value.code == "dossier.file_too_large"
    assert "lon.pdf" in caught.value.message_vi
    assert caught.value.details["max_bytes"] == 1024
    assert not Dossier.objects.exists()


def _api_receipt(counter, key: str, **changes):
    arguments = {
        "channel": Dossier.Channel.COUNTER,
        "actor": counter.officer,
        "agency": counter.agency,
        "procedure": counter.procedure,
        "applicant": APPLICANT,
        "papers": counter.all_papers(),
        "received_at": MONDAY_MORNING,
        "idempotency_key": key,
    }
    arguments.update(changes)
    return services.receive(**arguments)


@pytest.mark.django_db
def test_the_same_idempotency_key_returns_the_first_dossier():
    counter = make_counter()
    first = _api_receipt(counter, "he-thong-a:123")
    again = _api_receipt(counter, "he-thong-a:123")
    assert (first.created, again.created) == (True, False)
    assert again.dossier.pk == first.dossier.pk
    assert Dossier.objects.count() == 1
    assert OutboxEvent.objects.filter(topic="dossier.received").count() == 1


@pytest.mark.django_db
def test_the_same_key_with_other_content_is_a_conflict():
    counter = make_counter()
    _api_receipt(counter, "he-thong-a:124")
    with pytest.raises(Conflict) as caught:
        _api_receipt(counter, "he-thong-a:124", applicant={**APPLICANT, "full_name": "Trần Văn Bình"})
    assert caught.value.code == "dossier.idempotency_key_reused"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_an_agency_that_does_not_receive_the_procedure_is_refused():
    counter = make_counter()
    elsewhere = make_agency(identifier="000.00.31.H57", name="Sở Y tế", kind=Agency.Kind.DEPARTMENT)
    add_role(counter.officer, elsewhere, "receiver")
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, agency=elsewhere)
    assert (caught.value.code, caught.value.field) == ("dossier.agency_not_receiving", "agency")


@pytest.mark.django_db
def test_the_declaration_is_checked_against_the_e_form():
    schema = {
        "type": "object",
        "required": ["dien_tich"],
        "properties": {"dien_tich": {"type": "number", "title": "Diện tích (m²)", "minimum": 1}},
    }
    counter = make_counter(eform_schema=schema)
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, eform_document={"dien_tich": 0})
    assert caught.value.code == "dossier.eform_invalid"
    assert caught.value.details["problems"][0]["field"] == "dien_tich"
    assert receive(counter, eform_document={"dien_tich": 120}).eform_document == {"dien_tich": 120}
    # At the counter the paper declaration may be handed in instead; online the e-form is the declaration.
    assert receive(counter, eform_document=None).eform_document == {}
    citizen = make_citizen()
    with pytest.raises(ValidationFailed) as caught:
        services.receive(
            channel=Dossier.Channel.ONLINE,
            actor=citizen,
            owner=citizen,
            agency=counter.agency,
            procedure=counter.procedure,
            applicant=APPLICANT,
            papers=counter.all_papers(),
            received_at=MONDAY_MORNING,
        )
    assert caught.value.code == "dossier.eform_invalid"


@pytest.mark.django_db
def test_an_online_dossier_waits_for_an_officer_to_accept_it():
    counter = make_counter()
    citizen = make_citizen()
    received = services.receive(
        channel=Dossier.Channel.ONLINE,
        actor=citizen,
        owner=citizen,
        agency=counter.agency,
        procedure=counter.procedure,
        applicant=APPLICANT,
        papers=counter.all_papers(),
        received_at=MONDAY_MORNING,
        return_method=Dossier.ReturnMethod.ONLINE,
    )
    dossier = received.dossier
    assert (dossier.national_status, dossier.received_by, dossier.owner) == (1, None, citizen)
    action_code = dossier.version.process.actions.get(from_step__code=dossier.step).code
    with pytest.raises(DomainError) as caught:
        services.act(dossier=dossier, action_code=action_code, actor=counter.officer)
    assert caught.value.code == "dossier.invalid_transition"
    accepted = services.accept_online(
        dossier=dossier, officer=counter.officer, at=MONDAY_MORNING + dt.timedelta(hours=1)
    )
    assert accepted.national_status == 2
    assert accepted.received_by == counter.officer
    assert accepted.due_at == dossier.due_at  # the clock counts from the submission
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True)) == [
        "receive",
        "accept",
    ]
    with pytest.raises(DomainError):
        services.accept_online(dossier=dossier, officer=counter.officer)


@pytest.mark.django_db
def test_filing_online_needs_an_account():
    counter = make_counter()
    with pytest.raises(ValidationFailed) as caught:
        services.receive(
            channel=Dossier.Channel.ONLINE,
            actor=None,
            agency=counter.agency,
            procedure=counter.procedure,
            applicant=APPLICANT,
            papers=counter.all_papers(),
        )
    assert caught.value.code == "dossier.online_requires_account"


@pytest.mark.django_db
def test_a_note_over_two_thousand_characters_is_refused_not_cut():
    counter = make_counter()
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, note="x" * 2001)
    assert caught.value.code == "dossier.note_too_long"
