"""Test data for the online submission: a procedure in force received by one named agency (or by
every ward's committee), with an e-form and three papers (two required), a citizen, and helpers that
walk a draft to the review step through the services."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from egov.accounts.models import User
from egov.dossiers import files
from egov.portal import drafts
from egov.portal.models import Draft
from egov.procedures.models import RequiredPaper
from tests.accounts.factories import make_citizen
from tests.dossiers.factories import APPLICANT, Counter, make_counter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEXT_CLAIMING_PDF = b"Day khong phai la PDF, chi la van ban thuong.\n"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Tờ khai cấp phép",
    "required": ["dien_tich", "muc_dich"],
    "properties": {
        "dien_tich": {"type": "number", "title": "Diện tích (m²)", "minimum": 1},
        "muc_dich": {"type": "string", "title": "Mục đích sử dụng", "maxLength": 200},
    },
}
_phones = itertools.count(1)

DECLARATION = {"dien_tich": 120, "muc_dich": "Nhà ở riêng lẻ"}


@dataclass
class Setup:
    counter: Counter
    citizen: User

    @property
    def procedure(self):
        return self.counter.procedure

    @property
    def version(self):
        return self.counter.version

    @property
    def agency(self):
        return self.counter.agency

    def papers(self) -> list[RequiredPaper]:
        return list(self.version.papers.order_by("order", "pk"))

    def required(self) -> list[RequiredPaper]:
        return [paper for paper in self.papers() if paper.is_required]


def make_setup(**version_fields: Any) -> Setup:
    version_fields.setdefault("eform_schema", SCHEMA)
    counter = make_counter(**version_fields)
    return Setup(counter=counter, citizen=citizen(full_name="Trần Thị Lan"))


def citizen(**fields: Any) -> User:
    """A citizen with a phone number of its own (numbers are unique among accounts)."""
    fields.setdefault("phone", f"0918{next(_phones):06d}")
    return make_citizen(**fields)


def filled_draft(setup: Setup, *, owner: User | None = None, with_files: bool = True) -> Draft:
    """A draft at the review step: applicant, declaration, a PDF for every required paper."""
    owner = owner or setup.citizen
    draft = drafts.start_draft(owner=owner, procedure=setup.procedure)
    drafts.save_form(
        draft=draft,
        owner=owner,
        applicant=APPLICANT,
        eform_document=DECLARATION,
        return_method="counter",
        complete=True,
    )
    if with_files:
        drafts.attach_files(
            draft=draft,
            owner=owner,
            uploads=[files.Upload(f"giay-to-{p.pk}.pdf", PDF, paper_id=p.pk) for p in setup.required()],
        )
    draft.refresh_from_db()
    return draft


def stored(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())
