"""The pure parts of the notifications: which topics concern the applicant, masks, lists, layout."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.notifications import messages


def test_internal_topics_do_not_concern_the_applicant():
    assert messages.concerns_applicant("dossier.received")
    assert messages.concerns_applicant("dossier.extended")
    for internal in ("dossier.step_completed", "dossier.assigned", "dossier.linked_opened"):
        assert not messages.concerns_applicant(internal)


def test_every_applicant_topic_has_a_subject_naming_the_code():
    assert set(messages.SUBJECTS) == set(messages.APPLICANT_TOPICS)
    for template in messages.SUBJECTS.values():
        assert template.format(code="X-1").startswith("Hồ sơ X-1: ")


def test_email_is_masked_to_its_first_letters_and_domain():
    assert messages.mask_email("huong.nguyen@example.vn") == "hu***@example.vn"
    assert messages.mask_email("an@hue.gov.vn") == "a***@hue.gov.vn"


def test_phone_keeps_only_its_ends():
    assert messages.mask_recipient("sms", "0905123456") == "090***456"


@given(local=st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=4, max_size=40))
def test_masked_email_never_shows_the_whole_local_part(local):
    masked = messages.mask_email(f"{local}@example.vn")
    assert masked.endswith("@example.vn")
    assert local not in masked


@pytest.mark.parametrize(
    ("details", "lines"),
    [
        (None, []),
        ({}, []),
        ({"form": "02"}, []),
        ({"items": ["Bản sao sổ đỏ", " "]}, ["Bản sao sổ đỏ"]),
        (
            {
                "items": [
                    {"content": "Bản vẽ thiết kế", "reason": "thiếu chữ ký"},
                    {"content": "Ảnh", "reason": ""},
                ]
            },
            ["Bản vẽ thiết kế: thiếu chữ ký", "Ảnh"],
        ),
        ({"missing": [{"name": "Tờ khai"}]}, ["Tờ khai"]),
        ({"papers": "Giấy ủy quyền"}, ["Giấy ủy quyền"]),
    ],
)
def test_items_asked_of_the_applicant_are_read_from_the_timeline_details(details, lines):
    assert messages.item_texts(details) == lines


def test_tidy_keeps_at_most_one_empty_line_and_no_trailing_blanks():
    assert messages.tidy("a  \n\n\n\nb\n\n") == "a\n\nb\n"


def test_lookup_link_is_built_on_the_public_url(settings):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.hue.gov.vn/"
    assert messages.lookup_url("000.00.12.H57-250707-0001") == (
        "https://dichvucong.hue.gov.vn/tra-cuu/000.00.12.H57-250707-0001/"
    )
