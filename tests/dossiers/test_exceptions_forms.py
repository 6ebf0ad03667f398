"""Forms 02–05 built from a real dossier and the timeline row of its exception, rendered to PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from egov.dossiers.models import DossierEvent
from egov.dossiers.official_forms import data as forms
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.paperwork import notices
from egov.dossiers.services import exceptions
from egov.organizations.models import Membership, Position
from tests.dossiers.exceptions_factories import ITEMS, Office, hours
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, VN

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _event(dossier, **filters) -> DossierEvent:
    return DossierEvent.objects.filter(dossier=dossier, **filters).order_by("-pk").first()


def _give_position(office: Office, name: str) -> None:
    position = Position.objects.create(agency=office.agency, name=name, rank=1)
    Membership.objects.filter(user=office.leader, agency=office.agency).update(position=position)


def test_form_02_lists_every_missing_item_with_its_reason():
    office = Office()
    dossier = office.examining()
    dossier = exceptions.request_supplement(
        dossier=dossier, actor=office.specialist, items=ITEMS, at=MONDAY_MORNING + hours(2)
    )
    event = _event(dossier, action="yeu-cau-bo-sung")
    form = notices.build(dossier, event)
    assert isinstance(form, forms.SupplementRequestForm)
    assert [item.content for item in form.missing] == [content for content, _ in ITEMS]
    assert (form.officer, form.issued_on, form.agency.name) == (
        "Trần Văn Bình",
        dt.date(2025, 7, 7),
        office.agency.name,
    )
    text = text_of(render_form(form))
    assert "Mẫu số 02" in text
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert dossier.code in text
    assert APPLICANT["full_name"] in text
    for content, reason in ITEMS:
        assert content in text
        assert f"Lý do: {reason}" in text
    assert "Trần Văn Bình" in text


def test_form_03_states_the_reasons_of_the_refusal():
    office = Office()
    dossier = office.received()
    dossier = exceptions.refuse(
        dossier=dossier,
        actor=office.receiver,
        reason="Thủ tục không thuộc thẩm quyền giải quyết của UBND xã\nGiấy tờ bị tẩy xóa",
        at=MONDAY_MORNING + hours(1),
    )
    form = notices.build(dossier, _event(dossier, action="refuse"), number="03")
    assert isinstance(form, forms.RefusalForm)
    text = text_of(render_form(form))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    assert "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã" in text
    assert "Giấy tờ bị tẩy xóa" in text
    assert "Lê Thị Mai" in text  # the receiver who refused


def test_form_04_gives_the_old_and_new_appointment_and_the_signers_position():
    office = Office()
    _give_position(office, "Phó Chủ tịch")
    dossier = office.examining()
    old_due = dossier.due_at
    new_due = dt.datetime(2025, 7, 14, 16, 30, tzinfo=VN)
    dossier = exceptions.apologise_and_extend(
        dossier=dossier,
        actor=office.leader,
        new_due=new_due,
        reason="Phải xác minh nguồn gốc đất với cơ quan khác",
        at=MONDAY_MORNING + hours(3),
    )
    form = notices.build(dossier, _event(dossier, action="extend"))
    assert isinstance(form, forms.ApologyForm)
    assert (form.old_due_at, form.new_due_at) == (old_due, new_due)
    assert form.signer == forms.Signer("Phó Chủ tịch", name="Phạm Minh Châu", hint="")
    text = text_of(render_form(form))
    assert "Mẫu số 04" in text
    assert "Phải xác minh nguồn gốc đất với cơ quan khác" in text
    assert "16 giờ 30 phút, ngày 14 tháng 7 năm 2025" in text
    assert "09 giờ 00 phút, ngày 10 tháng 7 năm 2025" in text  # the appointment of form 01
    assert "PHÓ CHỦ TỊCH" in text
    assert "Phạm Minh Châu" in text


def test_form_05_states_the_reason_and_legal_basis_of_the_stop():
    office = Office()
    dossier = office.examining()
    dossier = exceptions.stop(
        dossier=dossier,
        actor=office.leader,
        reason="Thửa đất đang có tranh chấp",
        legal_basis="Điều 22 Nghị định 118/2025/NĐ-CP",
        at=MONDAY_MORNING + hours(3),
    )
    form = notices.build(dossier, _event(dossier, action="stop"))
    assert isinstance(form, forms.StopNoticeForm)
    assert form.signer.heading == "Thủ trưởng cơ quan"  # a leader without a recorded position
    text = text_of(render_form(form))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Thửa đất đang có tranh chấp" in text
    assert "Căn cứ Điều 22 Nghị định 118/2025/NĐ-CP" in text
    assert dossier.code in text


def test_issued_forms_lists_the_forms_of_a_dossier_in_order_and_build_refuses_other_rows():
    office = Office()
    dossier = office.examining()
    dossier = exceptions.apologise_and_extend(
        dossier=dossier,
        actor=office.specialist,
        new_due=dossier.due_at + dt.timedelta(days=1),
        reason="Chậm",
        at=MONDAY_MORNING + hours(2),
    )
    dossier = exceptions.request_supplement(
        dossier=dossier, actor=office.specialist, items=ITEMS, at=MONDAY_MORNING + hours(3)
    )
    issued = notices.issued_forms(dossier)
    assert [(row.number, row.title) for row in issued] == [
        ("04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    ]
    with pytest.raises(LookupError):
        notices.build(dossier, issued[0].event, number="02")
    with pytest.raises(LookupError):
        notices.build(dossier, _event(dossier, action="receive"))
