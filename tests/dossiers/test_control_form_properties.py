"""Properties of form 06's row choice (`paperwork.control.handovers`) over random timelines: no
database, unsaved `DossierEvent` rows."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from egov.dossiers.models import DossierEvent
from egov.dossiers.paperwork import control
from tests.dossiers.factories import MONDAY_MORNING

STEPS = ("tiep-nhan", "xu-ly", "ky-duyet", "tra-ket-qua", "bo-sung")
PEOPLE = ("Mai", "Bình", "Châu", "")


@st.composite
def timelines(draw: st.DrawFn) -> list[DossierEvent]:
    """A receipt, then actions in time order, each from the current step to a drawn one."""
    events = [
        DossierEvent(
            action="receive", at=MONDAY_MORNING, from_step="", to_step="tiep-nhan", status_after=2,
            giver_name="Nguyễn Thị Hương", receiver_unit_name="UBND",
            receiver_name=draw(st.sampled_from(PEOPLE)),
        )
    ]  # fmt: skip
    step, moment = "tiep-nhan", MONDAY_MORNING
    for n in range(draw(st.integers(0, 12))):
        moment += dt.timedelta(minutes=draw(st.integers(0, 600)))
        target = draw(st.sampled_from(STEPS))
        events.append(
            DossierEvent(
                action=f"thao-tac-{n}",
                at=moment,
                from_step=step,
                to_step=target,
                status_after=draw(st.sampled_from((2, 4, 5, 9, 10))),
                giver_name=draw(st.sampled_from(PEOPLE)),
                giver_unit_name="UBND",
                receiver_unit_name="UBND",
                receiver_name=draw(st.sampled_from(PEOPLE)) if target == step else "",
                step_result=draw(st.sampled_from(("", "early", "on_time", "late"))),
                note=draw(st.sampled_from(("", "ghi chú"))),
            )
        )
        step = target
    return events


@given(timelines())
def test_one_row_for_the_receipt_and_one_per_change_of_step(events):
    rows = control.handovers(events, applicant_name="Nguyễn Thị Hương")

    moved = [event for event in events[1:] if event.from_step != event.to_step]
    assert len(rows) == 1 + len(moved)
    assert [row.at for row in rows] == [events[0].at] + [event.at for event in moved]
    assert rows[0].from_unit == control.APPLICANT_UNIT


@given(timelines())
def test_rows_keep_time_order_and_each_step_result(events):
    rows = control.handovers(events, applicant_name="Nguyễn Thị Hương")

    assert all(earlier.at <= later.at for earlier, later in itertools.pairwise(rows))
    moved = [event for event in events[1:] if event.from_step != event.to_step]
    assert [row.outcome.value if row.outcome else "" for row in rows[1:]] == [e.step_result for e in moved]


@given(timelines())
def test_a_row_handed_to_the_applicant_names_the_applicant(events):
    rows = control.handovers(events, applicant_name="Nguyễn Thị Hương")

    moved = [event for event in events[1:] if event.from_step != event.to_step]
    for row, event in zip(rows[1:], moved, strict=True):
        if event.status_after in control.APPLICANT_STATUSES:
            assert (row.to_unit, row.to_person) == (control.APPLICANT_UNIT, "Nguyễn Thị Hương")
