"""Pure rules of the exceptions: the form-02 list as typed, and which process action asks for a
supplement (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.errors import ValidationFailed
from egov.dossiers.official_forms.data import MissingItem
from egov.dossiers.services.exceptions import (
    MAX_SUPPLEMENT_ITEMS,
    clean_items,
    reason_lines,
    supplement_action,
)
from tests.dossiers.processes import PROCESS

text = st.text(alphabet="abc ĐđƯư\t", max_size=12)


@given(rows=st.lists(st.tuples(text, text), min_size=1, max_size=MAX_SUPPLEMENT_ITEMS))
def test_blank_rows_are_dropped_and_the_rest_kept_in_order(rows):
    kept = [
        (content.strip(), reason.strip()) for content, reason in rows if content.strip() or reason.strip()
    ]
    if not kept:
        with pytest.raises(ValidationFailed) as refused:
            clean_items(rows)
        assert refused.value.code == "dossier.supplement_items_required"
    elif any(not content for content, _ in kept):
        with pytest.raises(ValidationFailed) as refused:
            clean_items(rows)
        assert refused.value.code == "dossier.supplement_item_without_content"
    else:
        assert clean_items(rows) == [{"content": content, "reason": reason} for content, reason in kept]


def test_items_may_be_missing_items_or_mappings():
    assert clean_items([MissingItem("Tờ khai", reason="Thiếu chữ ký"), {"content": "Ảnh 4x6"}]) == [
        {"content": "Tờ khai", "reason": "Thiếu chữ ký"},
        {"content": "Ảnh 4x6", "reason": ""},
    ]


def test_more_than_the_limit_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        clean_items([("Giấy tờ", "")] * (MAX_SUPPLEMENT_ITEMS + 1))
    assert refused.value.code == "dossier.supplement_too_many_items"


def test_reasons_are_one_a_line_without_bullets():
    assert reason_lines("- Sai thẩm quyền\n\n• Giấy tờ giả\n  Hết hạn  ") == [
        "Sai thẩm quyền",
        "Giấy tờ giả",
        "Hết hạn",
    ]


def test_supplement_action_is_the_one_leading_to_a_status_5_step():
    assert supplement_action(PROCESS, "xu-ly").code == "yeu-cau-bo-sung"
    assert supplement_action(PROCESS, "ky-duyet") is None  # its pause leads to status 6, not 5
    assert supplement_action(PROCESS, "tiep-nhan") is None
