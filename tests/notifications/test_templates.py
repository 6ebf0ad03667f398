"""Every applicant message renders, in Vietnamese, for a real dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from egov.dossiers.models import Dossier, DossierEvent
from egov.notifications import messages
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive

VN = MONDAY_MORNING.tzinfo

#: Per topic: the timeline row's details (None: no row), extra payload, and what the body must say.
CASES: dict[str, tuple[dict[str, Any] | None, dict[str, Any], list[str]]] = {
    "dossier.received": (None, {}, ["đã tiếp nhận hồ sơ", "Hẹn trả kết quả: "]),
    "dossier.accepted": (None, {}, ["kiểm tra và tiếp nhận giải quyết", "Hẹn trả kết quả: "]),
    "dossier.supplement_requested": (
        {"form": "02", "items": [{"content": "Bản vẽ mặt bằng", "reason": "thiếu chữ ký"}]},
        {},
        ["Mẫu số 02", "- Bản vẽ mặt bằng: thiếu chữ ký", "Thời gian giải quyết tạm dừng"],
    ),
    "dossier.financial_obligation_requested": (
        {"items": ["Lệ phí trước bạ"], "amount": "1.250.000"},
        {},
        ["nghĩa vụ tài chính", "- Lệ phí trước bạ", "Số tiền: 1.250.000 đồng"],
    ),
    "dossier.resumed": (None, {}, ["tiếp tục được giải quyết", "Hẹn trả kết quả: "]),
    "dossier.extended": (
        {"form": "04", "reason": "Cần xác minh thực địa"},
        {
            "reason": "Cần xác minh thực địa",
            "old_due_at": dt.datetime(2025, 7, 10, 9, 0, tzinfo=VN).isoformat(),
            "new_due_at": dt.datetime(2025, 7, 15, 16, 30, tzinfo=VN).isoformat(),
        },
        [
            "thành thật xin lỗi",
            "Mẫu số 04",
            "đúng hẹn trả kết quả lúc 09 giờ 00 phút, ngày 10 tháng 7 năm 2025 (Mẫu số 04",
            "Lý do: Cần xác minh thực địa",
            "Thời gian hẹn trả kết quả mới: 16 giờ 30 phút, ngày 15 tháng 7 năm 2025",
        ],
    ),
    "dossier.refused": (
        {"form": "03", "reasons": ["Không thuộc thẩm quyền"], "reason": "Không thuộc thẩm quyền"},
        {"reason": "Không thuộc thẩm quyền"},
        ["từ chối tiếp nhận", "Mẫu số 03", "Lý do: Không thuộc thẩm quyền"],
    ),
    "dossier.stopped": (
        {"form": "05", "reason": "Có tranh chấp", "legal_basis": "Điều 20 Nghị định 118/2025"},
        {"reason": "Có tranh chấp", "legal_basis": "Điều 20 Nghị định 118/2025"},
        ["dừng giải quyết", "Mẫu số 05", "Lý do: Có tranh chấp", "Căn cứ: Điều 20 Nghị định 118/2025"],
    ),
    "dossier.withdrawn": (
        {"by_applicant": True, "reason": "Nộp nhầm thủ tục"},
        {"reason": "Nộp nhầm thủ tục"},
        ["hồ sơ đã được rút", "Ghi chú: Nộp nhầm thủ tục"],
    ),
    "dossier.result_issued": (None, {}, ["đã được giải quyết xong", "Bộ phận Một cửa", "để nhận kết quả"]),
    "dossier.returned": (None, {}, ["đã trả kết quả", "Hồ sơ đã hoàn thành"]),
}


def test_every_applicant_topic_has_a_case():
    assert set(CASES) == set(messages.APPLICANT_TOPICS)


@pytest.mark.django_db
@pytest.mark.parametrize("topic", messages.APPLICANT_TOPICS)
def test_message_renders_for_a_real_dossier(topic, settings):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.hue.gov.vn"
    dossier = receive(make_counter())
    details, extra, expected = CASES[topic]
    payload: dict[str, Any] = {"code": dossier.code, **extra}
    event = None
    if details is not None:
        event = DossierEvent.objects.create(
            dossier=dossier,
            action=topic.split(".")[1],
            at=MONDAY_MORNING + dt.timedelta(hours=1),
            to_step=dossier.step,
            status_after=dossier.national_status,
            details=details,
        )
        payload["event"] = event.pk
    dossier = Dossier.objects.select_related("agency", "version__procedure").get(pk=dossier.pk)
    message = messages.build(topic, dossier, payload=payload, event=event)
    assert message.subject == messages.SUBJECTS[topic].format(code=dossier.code)
    body = message.body
    assert body.startswith("Kính gửi Ông/Bà Nguyễn Thị Hương,\n\n")
    assert f"Mã hồ sơ: {dossier.code}" in body
    assert f"Tra cứu tình trạng hồ sơ: https://dichvucong.hue.gov.vn/tra-cuu/{dossier.code}/" in body
    assert "Trung tâm Phục vụ hành chính công" in body
    for text in expected:
        assert text in body, f"{text!r} missing from:\n{body}"
    for leftover in ("{{", "{%", "None", "&amp;", "\n\n\n"):
        assert leftover not in body


@pytest.mark.django_db
def test_names_with_ampersands_are_not_html_escaped_in_the_plain_text():
    counter = make_counter()
    counter.agency.name = "Sở Tài nguyên & Môi trường"
    counter.agency.save(update_fields=["name"])
    dossier = receive(counter)
    body = messages.build("dossier.received", dossier).body
    assert "Sở Tài nguyên & Môi trường" in body


@pytest.mark.django_db
def test_online_dossier_waiting_for_acceptance_is_told_the_appointment_is_provisional():
    dossier = receive(make_counter())
    Dossier.objects.filter(pk=dossier.pk).update(national_status=1, channel=Dossier.Channel.ONLINE)
    dossier.refresh_from_db()
    body = messages.build("dossier.received", dossier).body
    assert "Hệ thống đã nhận hồ sơ trực tuyến" in body
    assert "Thời hạn trả kết quả dự kiến: " in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "text"),
    [
        (Dossier.ReturnMethod.COUNTER, "mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        (Dossier.ReturnMethod.ONLINE, "Kết quả điện tử được trả trên hệ thống"),
        (Dossier.ReturnMethod.POST, "qua dịch vụ bưu chính đến địa chỉ Ông/Bà đã đăng ký (12 Lê Lợi"),
    ],
)
def test_result_message_says_how_the_result_is_received(method, text):
    dossier = receive(make_counter(), return_method=method)
    assert text in messages.build("dossier.result_issued", dossier).body
