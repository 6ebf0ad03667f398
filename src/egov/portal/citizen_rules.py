"""What a citizen may do with their own dossier, and see of it, as plain Python (no Django).

The "Hồ sơ của tôi" pages ask these functions which answers to offer; the use cases
(`egov.dossiers.services.supplements`, `egov.dossiers.services.exceptions.withdraw`,
`egov.feedback.services.rate`) check the same conditions inside their transaction, so a button is
never shown for something the service would refuse and a forged request is refused all the same.

National statuses (DOMAIN §3): 1 Mới đăng ký, 2 Được tiếp nhận, 3 Không được tiếp nhận,
4 Đang xử lý, 5 Yêu cầu bổ sung giấy tờ, 6 Yêu cầu thực hiện nghĩa vụ tài chính, 7 Công dân yêu cầu
rút hồ sơ, 8 Dừng xử lý, 9 Đã xử lý xong, 10 Đã trả kết quả.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from egov.feedback import rules as feedback_rules

SUPPLEMENT_REQUESTED = 5
RESULT_STATUSES = frozenset({9, 10})
"""The result is ready (9) or handed over (10): too late to withdraw, time to rate."""


class CitizenAction(enum.StrEnum):
    SUPPLEMENT = "supplement"
    """Upload the papers listed on form 02 (the clock resumes)."""
    WITHDRAW = "withdraw"
    """Ask to withdraw the dossier (status 7)."""
    RATE = "rate"
    """Rate the service once, after completion."""


@dataclass(frozen=True)
class CitizenFacts:
    """What the rules need to know of a dossier."""

    status: int
    finished: bool
    """A finish moment is recorded (the last step of the process, the result handed over)."""
    closed: bool
    """Closed without a result: refused (3), withdrawn (7) or stopped (8)."""
    rated: bool = False

    @property
    def is_open(self) -> bool:
        return not self.finished and not self.closed


def open_actions(facts: CitizenFacts) -> frozenset[CitizenAction]:
    """The answers open to the dossier's owner now.

    - supplement: while the dossier waits for the applicant's supplement (status 5) and is open;
    - withdraw: while it is open and the result is not ready yet (not 9 or 10);
    - rate: once, after completion (`egov.feedback.rules.may_rate`).
    """
    offered: set[CitizenAction] = set()
    if facts.is_open and facts.status == SUPPLEMENT_REQUESTED:
        offered.add(CitizenAction.SUPPLEMENT)
    if facts.is_open and facts.status not in RESULT_STATUSES:
        offered.add(CitizenAction.WITHDRAW)
    if feedback_rules.may_rate(status=facts.status, closed=facts.closed, already_rated=facts.rated):
        offered.add(CitizenAction.RATE)
    return frozenset(offered)


class FileKind(enum.StrEnum):
    """The kinds of `DossierFile` (mirrored here so the rule needs no model)."""

    SCAN = "scan"
    EFORM = "eform"
    RESULT = "result"
    SUPPLEMENT = "supplement"
    FORM = "form"


@dataclass(frozen=True)
class FileFacts:
    kind: str
    uploaded_by_owner: bool
    """The citizen uploaded it (online submission, online supplement)."""
    handed_in: bool
    """A paper the applicant handed in: linked to a paper of the list, or stored with the receipt."""


def result_ready(status: int) -> bool:
    """The result paper exists: the dossier was dealt with (9) or the result handed over (10)."""
    return status in RESULT_STATUSES


def may_download(file: FileFacts, *, result_ready: bool) -> bool:
    """Whether the owner may download a file of their dossier: the result paper once the result is
    ready, the signed one-stop forms, their own papers (handed in, scanned at receipt, or sent as a
    supplement), their e-form. A file an officer attached while working without tying it to a paper
    (a draft of the result, an internal note) stays with the officers."""
    if file.kind == FileKind.RESULT:
        return result_ready
    if file.kind in (FileKind.FORM, FileKind.EFORM, FileKind.SUPPLEMENT):
        return True
    if file.kind == FileKind.SCAN:
        return file.uploaded_by_owner or file.handed_in
    return False


class ListScope(enum.StrEnum):
    """The filters of the list: being processed, ended (with or without a result), all."""

    OPEN = "dang-giai-quyet"
    FINISHED = "da-ket-thuc"
    ALL = "tat-ca"


def parse_scope(raw: str | None) -> ListScope:
    """The filter named in the query string; anything else shows the dossiers being processed."""
    try:
        return ListScope(raw or ListScope.OPEN)
    except ValueError:
        return ListScope.OPEN


def in_scope(facts: CitizenFacts, scope: ListScope) -> bool:
    if scope == ListScope.ALL:
        return True
    return facts.is_open == (scope == ListScope.OPEN)


def needs_answer(facts: CitizenFacts) -> bool:
    """The dossier waits for the citizen (a supplement to send): the list flags it."""
    return CitizenAction.SUPPLEMENT in open_actions(facts)
