"""Test data for "Hồ sơ của tôi": a citizen's online dossier at a commune counter (the demo commune
process: receive → examine "xu-ly" (supplement asked there) → sign → return), walked through the
services, so every state is what production writes."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from egov.accounts.models import User
from egov.dossiers import services
from egov.dossiers.files import Upload
from egov.dossiers.models import Dossier
from egov.dossiers.services import exceptions
from tests.accounts.factories import make_citizen
from tests.dossiers.exceptions_factories import ITEMS, Office
from tests.dossiers.factories import APPLICANT

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


_phones = itertools.count(1)


def new_citizen(**fields: Any) -> User:
    """A citizen account with its own phone number (numbers are unique per account)."""
    fields.setdefault("phone", f"0913{next(_phones):06d}")
    return make_citizen(**fields)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


class CitizenCase:
    """A commune office and a citizen with an online dossier received there.

    Moments go forward from ``start`` (default: an hour ago, so the views, which act "now", come
    after every recorded step)."""

    def __init__(
        self, *, start: dt.datetime | None = None, citizen: User | None = None, office: Office | None = None
    ) -> None:
        self.office = office or Office()
        self.citizen = citizen or new_citizen(full_name="Nguyễn Thị Hương")
        self.at = start or timezone.now() - dt.timedelta(hours=1)

    def tick(self, n: float = 1) -> dt.datetime:
        self.at = self.at + minutes(n)
        return self.at

    def submitted(self, **changes: Any) -> Dossier:
        arguments: dict[str, Any] = {
            "channel": Dossier.Channel.ONLINE,
            "actor": self.citizen,
            "owner": self.citizen,
            "agency": self.office.agency,
            "procedure": self.office.counter.procedure,
            "applicant": APPLICANT,
            "papers": self.office.counter.all_papers(),
            "uploads": [Upload(name="so-do.pdf", content=PDF)],
            "received_at": self.tick(),
            "return_method": Dossier.ReturnMethod.ONLINE,
        }
        arguments.update(changes)
        return services.receive(**arguments).dossier

    def accepted(self) -> Dossier:
        return services.accept_online(dossier=self.submitted(), officer=self.office.receiver, at=self.tick())

    def examining(self) -> Dossier:
        return services.act(
            dossier=self.accepted(), action_code="chuyen-xu-ly", actor=self.office.receiver, at=self.tick()
        )

    def supplement_requested(self) -> Dossier:
        return exceptions.request_supplement(
            dossier=self.examining(),
            actor=self.office.specialist,
            items=ITEMS,
            note="Nộp bản scan màu",
            at=self.tick(),
        )

    def result_ready(self, *, result: bytes = PDF) -> Dossier:
        """Signed by the leader with the result paper attached (status 9, Đã xử lý xong)."""
        dossier = services.act(
            dossier=self.examining(), action_code="trinh-ky", actor=self.office.specialist, at=self.tick()
        )
        return services.act(
            dossier=dossier,
            action_code="ky-duyet",
            actor=self.office.leader,
            at=self.tick(),
            uploads=[Upload(name="giay-phep.pdf", content=result)],
        )

    def returned(self) -> Dossier:
        return services.act(
            dossier=self.result_ready(), action_code="tra-ket-qua", actor=self.office.receiver, at=self.tick()
        )
