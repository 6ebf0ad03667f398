"""Invariants of the plain data that official forms are built from."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from egov.dossiers.official_forms import data
from tests.dossiers import official_forms_samples as samples


def test_form_data_is_immutable() -> None:
    form = samples.receipt()
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.dossier_code = "khác"  # type: ignore[misc]


def test_supplement_request_without_missing_items_is_refused() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(samples.supplement_request(), missing=())


def test_refusal_without_reason_is_refused() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(samples.refusal(), reasons=())


def test_new_appointment_must_come_after_the_old_one() -> None:
    form = samples.apology()
    with pytest.raises(ValueError):
        dataclasses.replace(form, new_due_at=form.old_due_at - dt.timedelta(hours=1))


def test_register_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        data.TrackingRegisterForm(
            agency=samples.AGENCY, period_start=dt.date(2025, 3, 2), period_end=dt.date(2025, 3, 1)
        )


def test_negative_paper_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        data.ReceivedPaper("Đơn", originals=-1)


@pytest.mark.parametrize(
    ("outcome", "label"),
    [
        (data.StepOutcome.EARLY, "Trước hạn"),
        (data.StepOutcome.ON_TIME, "Đúng hạn"),
        (data.StepOutcome.LATE, "Quá hạn"),
    ],
)
def test_step_outcomes_use_the_official_labels(outcome: data.StepOutcome, label: str) -> None:
    assert outcome.label == label
