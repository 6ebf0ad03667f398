"""The public lookup of a dossier by its code (the QR on form 01 opens it): no sign-in, so no personal data.

`public_dossier` builds a `PublicDossier`, a frozen dataclass holding only what anyone holding the code
may read: the procedure, the receiving agency, the national status, the clock's moments and the dates of
the steps by name. The applicant's name, personal identification number, phone, e-mail and address and
the officers' names are never copied into it, so neither the page nor the API can leak them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from egov.core.vietnamese_dates import short_moment as short_moment  # the page's moment
from egov.dossiers import selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.procedures.models import Step

#: Longest code accepted by the lookup (the model's `Dossier.code` length).
MAX_CODE_LENGTH = 64
#: Longest text the lookup form takes: a code, or the lookup address read from the QR on form 01.
MAX_SCANNED_LENGTH = 512


@dataclass(frozen=True)
class PublicStep:
    """One entry of the timeline as the public sees it: the step entered and when."""

    name: str
    at: dt.datetime


@dataclass(frozen=True)
class PublicDossier:
    """What the public lookup shows of a dossier (no personal data, Luật Bảo vệ dữ liệu cá nhân 2025)."""

    code: str
    procedure_name: str
    procedure_code: str
    agency_name: str
    status: NationalStatus
    received_at: dt.datetime
    due_at: dt.datetime
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    closed_at: dt.datetime | None
    steps: tuple[PublicStep, ...]

    @property
    def status_label(self) -> str:
        return self.status.label


def normalize_code(raw: str) -> str:
    """A code as typed or scanned: surrounding blanks dropped, letters upper-cased ("h57" → "H57").

    A phone that reads the QR on form 01 gives the whole address of the lookup page
    (``https://…/tra-cuu/<code>/``, or ``…/tra-cuu/?ma=<code>``): its code is taken from it."""
    text = raw.strip()[:MAX_SCANNED_LENGTH]
    if "/tra-cuu/" in text:
        address = urlsplit(text)
        tail = address.path.split("/tra-cuu/", 1)[1].strip("/")
        text = (parse_qs(address.query).get("ma") or [unquote(tail)])[0].strip() or text
    return text.upper()[:MAX_CODE_LENGTH]


def _step_names(dossier: Dossier) -> dict[str, str]:
    process_id = dossier.version.process_id
    if process_id is None:
        return {}
    return dict(Step.objects.filter(process_id=process_id).values_list("code", "name"))


def public_dossier(code: str) -> PublicDossier:
    """The public view of the dossier with ``code``; `NotFound` (code ``dossier.not_found``) otherwise."""
    dossier = selectors.dossier_by_code(normalize_code(code))
    names = _step_names(dossier)
    events = list(dossier.events.order_by("at", "pk").values_list("to_step", "at", "status_after"))
    returned_at = next((at for _, at, status in events if status == NationalStatus.RESULT_RETURNED), None)
    return PublicDossier(
        code=dossier.code,
        procedure_name=dossier.version.name,
        procedure_code=dossier.version.procedure.national_code,
        agency_name=dossier.agency.name,
        status=dossier.status,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=returned_at,
        closed_at=dossier.closed_at,
        steps=tuple(PublicStep(name=names.get(step, step), at=at) for step, at, _ in events),
    )
