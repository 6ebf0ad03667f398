"""The exceptions of the one-stop engine (forms 02–05, withdrawal) reach the applicant by e-mail."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.core.vietnamese_dates import written_moment
from egov.dossiers import services
from egov.dossiers.services import exceptions
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.exceptions_factories import ITEMS, Office, land_counter
from tests.dossiers.factories import MONDAY_MORNING, receive
from tests.notifications.outbox_runs import run_outbox


def _at(hours: float) -> dt.datetime:
    return MONDAY_MORNING + dt.timedelta(hours=hours)


def _mail_about(mailoutbox, code: str, topic_words: str):
    found = [email for email in mailoutbox if email.subject.startswith(f"Hồ sơ {code}: {topic_words}")]
    assert len(found) == 1, [email.subject for email in mailoutbox]
    return found[0]


@pytest.mark.django_db
def test_supplement_refusal_extension_stop_and_withdrawal_each_send_their_email(mailoutbox):
    office = Office()
    supplemented, refused, extended, stopped, withdrawn = (office.examining() for _ in range(5))
    exceptions.request_supplement(
        dossier=supplemented, actor=office.specialist, items=ITEMS, note="Nộp tại quầy số 3", at=_at(2)
    )
    exceptions.refuse(dossier=refused, actor=office.receiver, reason="Không thuộc thẩm quyền", at=_at(2))
    new_due = extended.due_at + dt.timedelta(days=2)
    exceptions.apologise_and_extend(
        dossier=extended,
        actor=office.specialist,
        new_due=new_due,
        reason="Chờ ý kiến cơ quan thuế",
        at=_at(2),
    )
    exceptions.stop(
        dossier=stopped,
        actor=office.leader,
        reason="Có tranh chấp quyền sử dụng đất",
        legal_basis="khoản 2 Điều 22 Nghị định 118/2025/NĐ-CP",
        at=_at(2),
    )
    exceptions.withdraw(dossier=withdrawn, actor=office.receiver, reason="Người nộp xin rút", at=_at(2))
    run_outbox()

    body = _mail_about(mailoutbox, supplemented.code, "đề nghị bổ sung").body
    for content, reason in ITEMS:
        assert f"- {content}: {reason}" in body
    assert "Ghi chú của cán bộ: Nộp tại quầy số 3" in body

    assert "Lý do: Không thuộc thẩm quyền" in _mail_about(mailoutbox, refused.code, "từ chối").body

    body = _mail_about(mailoutbox, extended.code, "thư xin lỗi").body
    assert f"lúc {written_moment(extended.due_at)}" in body
    assert f"Thời gian hẹn trả kết quả mới: {written_moment(new_due)}" in body
    assert "Lý do: Chờ ý kiến cơ quan thuế" in body

    body = _mail_about(mailoutbox, stopped.code, "thông báo dừng").body
    assert "Lý do: Có tranh chấp quyền sử dụng đất" in body
    assert "Căn cứ: khoản 2 Điều 22 Nghị định 118/2025/NĐ-CP" in body

    assert "hồ sơ đã được rút" in _mail_about(mailoutbox, withdrawn.code, "xác nhận rút").body


@pytest.mark.django_db
def test_financial_obligation_and_its_payment_send_a_notice_then_the_new_appointment(mailoutbox):
    counter = land_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    walk = (("chuyen-xu-ly", counter.officer), ("chuyen-thue", specialist))
    for hours, (code, actor) in enumerate(walk, start=1):
        dossier = services.act(dossier=dossier, action_code=code, actor=actor, at=_at(hours))
    services.act(
        dossier=dossier,
        action_code="thong-bao-thue",
        actor=specialist,
        at=_at(3),
        details={"items": ["Lệ phí trước bạ", "Thuế thu nhập cá nhân"], "amount": "1.250.000"},
    )
    paid = _at(3) + dt.timedelta(days=2)
    dossier = services.act(dossier=dossier, action_code="da-nop-nghia-vu", actor=counter.officer, at=paid)
    run_outbox()
    body = _mail_about(mailoutbox, dossier.code, "thông báo thực hiện nghĩa vụ tài chính").body
    assert "- Lệ phí trước bạ\n- Thuế thu nhập cá nhân\n" in body
    assert "Số tiền: 1.250.000 đồng" in body
    body = _mail_about(mailoutbox, dossier.code, "hồ sơ tiếp tục được giải quyết").body
    assert f"Hẹn trả kết quả: {written_moment(dossier.due_at)}" in body
