"""The services of the online submission: start or resume, save, attach, remove, submit, delete;
one dossier per draft whatever happens, nothing stored half-way, files only on commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from egov.core.errors import Conflict, NotFound, ValidationFailed
from egov.dossiers import files
from egov.dossiers.models import Dossier, DossierFile
from egov.organizations.models import Agency
from egov.portal import drafts
from egov.portal.models import Draft, DraftFile
from egov.procedures.models import ProcedureVersion, VersionAgency
from tests.core.clamd_fake import EICAR, fake_clamd
from tests.dossiers.factories import APPLICANT
from tests.organizations.factories import make_agency
from tests.portal.submission_setup import (
    DECLARATION,
    PDF,
    PNG,
    TEXT_CLAIMING_PDF,
    citizen,
    filled_draft,
    make_setup,
    stored,
)
from tests.procedures.factories import make_published_version, make_version_agency


@pytest.fixture
def media(tmp_path):
    """Uploaded files go to a folder of this test only."""
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.mark.django_db
def test_a_new_draft_is_prefilled_from_the_profile_and_bound_to_the_version_in_force():
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    assert (draft.version, draft.agency, draft.step) == (setup.version, setup.agency, "form")
    assert draft.applicant["full_name"] == "Trần Thị Lan"
    assert draft.applicant["citizen_id"] == setup.citizen.citizen_id
    assert draft.return_method == "counter"
    assert draft.expires_at - timezone.now() > dt.timedelta(days=29)


@pytest.mark.django_db
def test_starting_again_resumes_the_open_draft():
    setup = make_setup()
    first = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    again = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    assert again.pk == first.pk
    assert Draft.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_expired_draft_is_replaced_by_a_new_one_and_its_files_deleted(media):
    setup = make_setup()
    old = filled_draft(setup)
    assert len(stored(media)) == 2
    Draft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    new = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    assert new.pk != old.pk
    assert list(Draft.objects.values_list("pk", flat=True)) == [new.pk]
    assert stored(media) == []


@pytest.mark.django_db
def test_a_procedure_not_taken_online_cannot_be_started():
    setup = make_setup(online_level=ProcedureVersion.OnlineLevel.NONE)
    with pytest.raises(ValidationFailed) as caught:
        drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    assert caught.value.code == "draft.not_online"


@pytest.mark.django_db
def test_a_commune_level_procedure_asks_which_ward_receives_it():
    setup = make_setup()
    VersionAgency.objects.filter(version=setup.version).update(
        agency=None, agency_kind=Agency.Kind.COMMUNE_COMMITTEE
    )  # received by every ward's committee
    root = make_agency(name="UBND tỉnh")
    ward_a = make_agency(root, name="UBND phường An Cựu", kind=Agency.Kind.COMMUNE_COMMITTEE)
    make_agency(root, name="UBND phường Thuận Hóa", kind=Agency.Kind.COMMUNE_COMMITTEE)
    with pytest.raises(ValidationFailed) as caught:
        drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    assert (caught.value.code, caught.value.field) == ("draft.agency_required", "agency")
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure, agency=ward_a)
    assert draft.agency == ward_a


@pytest.mark.django_db
def test_an_agency_that_does_not_receive_the_procedure_is_refused():
    setup = make_setup()
    other = make_agency(name="Sở Y tế")
    with pytest.raises(ValidationFailed) as caught:
        drafts.start_draft(owner=setup.citizen, procedure=setup.procedure, agency=other)
    assert (caught.value.code, caught.value.field) == ("dossier.agency_not_receiving", "agency")


@pytest.mark.django_db
def test_saving_a_complete_form_opens_the_papers_step():
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    drafts.save_form(
        draft=draft, owner=setup.citizen, applicant=APPLICANT, eform_document=DECLARATION,
        return_method="post", complete=True,
    )  # fmt: skip
    draft.refresh_from_db()
    assert (draft.step, draft.return_method, draft.eform_document) == ("papers", "post", DECLARATION)
    assert draft.applicant["full_name"] == APPLICANT["full_name"]


@pytest.mark.django_db
def test_online_return_is_only_for_full_online_procedures():
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    with pytest.raises(ValidationFailed) as caught:
        drafts.save_form(
            draft=draft, owner=setup.citizen, applicant=APPLICANT, eform_document=DECLARATION,
            return_method="online", complete=True,
        )  # fmt: skip
    assert caught.value.code == "dossier.return_method_invalid"


@pytest.mark.django_db
def test_files_are_stored_only_when_the_attachment_commits(media, django_capture_on_commit_callbacks):
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    paper = setup.required()[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("a.pdf", PDF, paper.pk))
    assert stored(media) == []
    for callback in callbacks:
        callback()
    row = DraftFile.objects.get()
    assert (row.paper, row.content_type, row.extension, row.size) == (
        paper,
        "application/pdf",
        ".pdf",
        len(PDF),
    )
    assert [path.read_bytes() for path in stored(media)] == [PDF]


@pytest.mark.django_db(transaction=True)
def test_a_new_file_for_the_same_paper_replaces_the_old_one(media):
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    paper = setup.required()[0]
    drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("a.pdf", PDF, paper.pk))
    drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("b.png", PNG, paper.pk))
    assert list(DraftFile.objects.values_list("name", "content_type")) == [("b.png", "image/png")]
    assert [path.read_bytes() for path in stored(media)] == [PNG]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("content", "code"),
    [
        (TEXT_CLAIMING_PDF, "dossier.file_type_not_allowed"),
        (b"", "dossier.file_empty"),
        (PDF + b"0" * 4096, "dossier.file_too_large"),
    ],
)
def test_one_bad_file_and_nothing_is_attached(media, content, code):
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    good, bad = setup.required()
    with override_settings(EGOV_UPLOAD_MAX_BYTES=1024), pytest.raises(ValidationFailed) as caught:
        drafts.attach_files(
            draft=draft,
            owner=setup.citizen,
            uploads=[files.Upload("tot.pdf", PDF, good.pk), files.Upload("xau.pdf", content, bad.pk)],
        )
    assert caught.value.code == code
    assert "xau.pdf" in caught.value.message_vi
    assert not DraftFile.objects.exists()
    assert stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_eicar_is_refused_where_clamd_is_configured(media):
    setup = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    paper = setup.required()[0]
    with fake_clamd() as clamd, override_settings(EGOV_CLAMD_URL=clamd.url):
        with pytest.raises(ValidationFailed) as caught:
            drafts.attach_file(
                draft=draft, owner=setup.citizen, upload=files.Upload("x.pdf", EICAR, paper.pk)
            )
        drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("y.pdf", PDF, paper.pk))
    assert caught.value.code == "dossier.file_infected"
    assert list(DraftFile.objects.values_list("name", flat=True)) == ["y.pdf"]
    assert [path.read_bytes() for path in stored(media)] == [PDF]


@pytest.mark.django_db
def test_a_file_for_a_paper_of_another_procedure_is_refused(media):
    setup = make_setup()
    other = make_setup()
    draft = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    foreign = other.required()[0]
    with pytest.raises(ValidationFailed) as caught:
        drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("a.pdf", PDF, foreign.pk))
    assert caught.value.code == "dossier.paper_unknown"
    assert not DraftFile.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_removing_a_file_deletes_its_bytes(media):
    setup = make_setup()
    draft = filled_draft(setup)
    row = DraftFile.objects.first()
    drafts.remove_file(draft=draft, owner=setup.citizen, file_id=row.pk)
    assert DraftFile.objects.count() == 1
    assert len(stored(media)) == 1


@pytest.mark.django_db(transaction=True)
def test_submitting_creates_one_online_dossier_with_the_files_linked_to_their_papers(media):
    setup = make_setup()
    draft = filled_draft(setup)
    received = drafts.submit(draft=draft, owner=setup.citizen)
    dossier = received.dossier
    assert received.created
    assert (dossier.channel, dossier.national_status, dossier.owner) == ("online", 1, setup.citizen)
    assert dossier.eform_document == DECLARATION
    assert dossier.applicant_name == APPLICANT["full_name"]
    assert dossier.idempotency_key == f"portal-draft-{draft.pk}"
    linked = {(row.paper.paper_id, row.name) for row in DossierFile.objects.filter(dossier=dossier)}
    assert linked == {(paper.pk, f"giay-to-{paper.pk}.pdf") for paper in setup.required()}
    assert sorted(paper.paper_id for paper in dossier.papers.all()) == sorted(p.pk for p in setup.required())
    draft.refresh_from_db()
    assert draft.dossier == dossier and draft.submitted_at is not None
    assert not DraftFile.objects.exists()
    assert [path.relative_to(media).parts[0] for path in stored(media)] == ["dossiers", "dossiers"]


@pytest.mark.django_db(transaction=True)
def test_confirming_twice_gives_the_same_dossier(media):
    setup = make_setup()
    draft = filled_draft(setup)
    first = drafts.submit(draft=draft, owner=setup.citizen)
    again = drafts.submit(draft=draft, owner=setup.citizen)
    assert (first.created, again.created) == (True, False)
    assert again.dossier.pk == first.dossier.pk
    assert Dossier.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_submitted_draft_cannot_be_changed_or_deleted(media):
    setup = make_setup()
    draft = filled_draft(setup)
    drafts.submit(draft=draft, owner=setup.citizen)
    with pytest.raises(Conflict) as caught:
        drafts.save_form(
            draft=draft, owner=setup.citizen, applicant=APPLICANT, eform_document=DECLARATION,
            return_method="counter", complete=True,
        )  # fmt: skip
    assert caught.value.code == "draft.submitted"
    with pytest.raises(Conflict):
        drafts.delete_draft(draft=draft, owner=setup.citizen)


@pytest.mark.django_db(transaction=True)
def test_an_expired_draft_is_refused_with_a_way_to_start_again(media):
    setup = make_setup()
    draft = filled_draft(setup)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(drafts.DraftExpired) as caught:
        drafts.submit(draft=draft, owner=setup.citizen)
    assert caught.value.code == "draft.expired"
    assert "bắt đầu nộp lại" in caught.value.message_vi
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


@pytest.mark.django_db
def test_a_required_paper_without_a_file_is_refused_naming_it(media):
    setup = make_setup()
    draft = filled_draft(setup, with_files=False)
    with pytest.raises(ValidationFailed) as caught:
        drafts.submit(draft=draft, owner=setup.citizen)
    assert (caught.value.code, caught.value.field) == ("draft.papers_missing", "papers")
    for paper in setup.required():
        assert paper.name in caught.value.message_vi
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_invalid_declaration_is_refused_by_intake_and_nothing_is_kept(media):
    setup = make_setup()
    draft = filled_draft(setup)
    Draft.objects.filter(pk=draft.pk).update(eform_document={"dien_tich": 0})
    with pytest.raises(ValidationFailed) as caught:
        drafts.submit(draft=draft, owner=setup.citizen)
    assert caught.value.code == "dossier.eform_invalid"
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()
    assert DraftFile.objects.count() == 2  # the draft is intact, to be corrected
    assert [path.relative_to(media).parts[0] for path in stored(media)] == ["drafts", "drafts"]


@pytest.mark.django_db
def test_a_new_version_in_force_sends_the_citizen_back_to_start(media):
    setup = make_setup()
    draft = filled_draft(setup)
    newer = make_published_version(setup.procedure, effective_from=dt.date(2025, 8, 1), eform_schema={})
    make_version_agency(newer, agency=setup.agency)
    with pytest.raises(ValidationFailed) as caught:
        drafts.submit(draft=draft, owner=setup.citizen)
    assert caught.value.code == "draft.version_changed"
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_another_citizen_can_neither_change_nor_submit_my_draft(media):
    setup = make_setup()
    draft = filled_draft(setup)
    stranger = citizen(full_name="Lê Văn Hùng")
    with pytest.raises(NotFound):
        drafts.submit(draft=draft, owner=stranger)
    with pytest.raises(NotFound):
        drafts.attach_file(
            draft=draft, owner=stranger, upload=files.Upload("a.pdf", PDF, setup.required()[0].pk)
        )
    with pytest.raises(NotFound):
        drafts.delete_draft(draft=draft, owner=stranger)
    assert not Dossier.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_draft_deletes_its_files(media):
    setup = make_setup()
    draft = filled_draft(setup)
    drafts.delete_draft(draft=draft, owner=setup.citizen)
    assert not Draft.objects.exists() and not DraftFile.objects.exists()
    assert stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_the_sweep_deletes_only_expired_unsubmitted_drafts(media):
    setup = make_setup()
    expired = filled_draft(setup)
    Draft.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    other = make_setup()
    kept = filled_draft(other)
    assert drafts.purge_expired() == 1
    assert list(Draft.objects.values_list("pk", flat=True)) == [kept.pk]
    assert len(stored(media)) == 2


@pytest.mark.django_db(transaction=True)
def test_starting_after_a_new_version_replaces_the_outdated_draft(media):
    setup = make_setup()
    old = filled_draft(setup)
    newer = make_published_version(setup.procedure, effective_from=dt.date(2025, 8, 1), eform_schema={})
    make_version_agency(newer, agency=setup.agency)
    new = drafts.start_draft(owner=setup.citizen, procedure=setup.procedure)
    assert new.pk != old.pk and new.version == newer
    assert list(Draft.objects.values_list("pk", flat=True)) == [new.pk]
    assert stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_the_review_opens_only_once_every_required_paper_has_a_file(media):
    setup = make_setup()
    draft = filled_draft(setup, with_files=False)
    first, second = setup.required()
    drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("a.pdf", PDF, first.pk))
    with pytest.raises(ValidationFailed) as caught:
        drafts.finish_papers(draft=draft, owner=setup.citizen)
    assert caught.value.details["missing"] == [second.pk]
    drafts.attach_file(draft=draft, owner=setup.citizen, upload=files.Upload("b.pdf", PDF, second.pk))
    assert drafts.finish_papers(draft=draft, owner=setup.citizen).step == "review"
