"""Render a form of Thông tư 03/2025/TT-VPCP annex I (forms 01–07) to PDF bytes with WeasyPrint.

Each form is a Django template under `dossiers/official_forms/` extending a shared base that lays out
the heading of an administrative document as Nghị định 30/2020 Phụ lục I prescribes: the governing body
and the issuing agency on the left, the national motto with its underline on the right, the place and
date line, the title, the body and the signature blocks, on A4 (form 07 on landscape A4).

The wording is fixed by the circular, so the templates are Vietnamese and not translated: a form printed
from the English interface is the same legal paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from egov.core.vietnamese_dates import (
    place_and_date,
    table_date,
    table_moment,
    written_date,
    written_moment,
)
from egov.dossiers.official_forms import data
from egov.dossiers.official_forms.qr import lookup_qr_data_uri

TEMPLATE_DIR = "dossiers/official_forms"


@dataclass(frozen=True)
class FormKind:
    """The number, title and template of one form of the annex."""

    number: str
    title: str
    template: str


FORM_KINDS: dict[type, FormKind] = {
    data.ReceiptForm: FormKind("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "01_receipt.html"),
    data.SupplementRequestForm: FormKind(
        "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "02_supplement_request.html"
    ),
    data.RefusalForm: FormKind("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "03_refusal.html"),
    data.ApologyForm: FormKind(
        "04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "04_apology.html"
    ),
    data.StopNoticeForm: FormKind("05", "Thông báo dừng giải quyết hồ sơ", "05_stop_notice.html"),
    data.ProcessingControlForm: FormKind(
        "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "06_processing_control.html"
    ),
    data.TrackingRegisterForm: FormKind("07", "Sổ theo dõi hồ sơ", "07_tracking_register.html"),
}


def form_kind(form: data.OfficialForm) -> FormKind:
    """The annex entry for a form's data class."""
    try:
        return FORM_KINDS[type(form)]
    except KeyError:
        raise TypeError(f"not an official form: {type(form).__name__}") from None


def render_form_html(form: data.OfficialForm) -> str:
    """The HTML that WeasyPrint lays out (useful for previews and for debugging a layout)."""
    kind = form_kind(form)
    context: dict[str, Any] = {
        "form": form,
        "kind": kind,
        "agency": form.agency,
        "title": kind.title,
    }
    context.update(_CONTEXT_BUILDERS[type(form)](form))
    return render_to_string(f"{TEMPLATE_DIR}/{kind.template}", context)


def render_form(form: data.OfficialForm) -> bytes:
    """PDF bytes of the form, fonts embedded (a Times-metric serif with Vietnamese glyphs)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and not needed by the rest

    pdf = HTML(string=render_form_html(form)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when given no target
    return pdf


def _dossier_heading(form: data._DossierForm) -> dict[str, Any]:
    return {"place_date": place_and_date(form.agency.place, form.issued_on) if form.agency.place else ""}


def _receipt(form: data.ReceiptForm) -> dict[str, Any]:
    return {
        **_dossier_heading(form),
        "received_text": written_moment(form.received_at),
        "due_text": written_moment(form.due_at),
        "qr_src": lookup_qr_data_uri(form.lookup_url),
        "signers": (
            data.Signer("NGƯỜI NỘP HỒ SƠ", name=form.applicant.name),
            data.Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", name=form.receiving_officer),
        ),
    }


def _supplement_request(form: data.SupplementRequestForm) -> dict[str, Any]:
    return {
        **_dossier_heading(form),
        "received_text": written_moment(form.received_at),
        "signers": (None, data.Signer("NGƯỜI HƯỚNG DẪN", name=form.officer)),
    }


def _refusal(form: data.RefusalForm) -> dict[str, Any]:
    return {
        **_dossier_heading(form),
        "signers": (None, data.Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", name=form.officer)),
    }


def _apology(form: data.ApologyForm) -> dict[str, Any]:
    return {
        **_dossier_heading(form),
        "received_date_text": written_date(form.received_at),
        "old_due_text": written_moment(form.old_due_at),
        "new_due_text": written_moment(form.new_due_at),
        "signers": (None, form.signer),
    }


def _stop_notice(form: data.StopNoticeForm) -> dict[str, Any]:
    return {
        **_dossier_heading(form),
        "received_text": written_moment(form.received_at),
        "signers": (None, form.signer),
    }


def _processing_control(form: data.ProcessingControlForm) -> dict[str, Any]:
    return {
        **_dossier_heading(form),
        "received_text": written_moment(form.received_at),
        "due_text": written_moment(form.due_at),
        "rows": [
            {
                "handover": row,
                "at_text": written_moment(row.at),
                "outcome": row.outcome.label if row.outcome else "",
            }
            for row in form.handovers
        ],
    }


def _optional_date(value: Any) -> str:
    return table_date(value) if value is not None else ""


def _tracking_register(form: data.TrackingRegisterForm) -> dict[str, Any]:
    return {
        "period_text": f"Từ {written_date(form.period_start)} đến {written_date(form.period_end)}",
        "rows": [
            {
                "row": row,
                "received": table_moment(row.received_at),
                "due": table_moment(row.due_at),
                "transferred": _optional_date(row.transferred_at),
                "result_ready": _optional_date(row.result_ready_at),
                "returned": _optional_date(row.returned_at),
            }
            for row in form.rows
        ],
    }


_CONTEXT_BUILDERS: dict[type, Any] = {
    data.ReceiptForm: _receipt,
    data.SupplementRequestForm: _supplement_request,
    data.RefusalForm: _refusal,
    data.ApologyForm: _apology,
    data.StopNoticeForm: _stop_notice,
    data.ProcessingControlForm: _processing_control,
    data.TrackingRegisterForm: _tracking_register,
}
