"""Use cases of the satisfaction rating: the applicant rates the service once, after completion."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from egov.core import audit, outbox
from egov.core.errors import Conflict, NotFound
from egov.dossiers import domain
from egov.dossiers.models import Dossier
from egov.feedback import rules
from egov.feedback.models import Rating


def rated_agency(dossier: Dossier) -> Any:
    """The agency a rating counts for: the one that decided the dossier (its processing agency),
    else the receiving agency."""
    return dossier.processing_agency or dossier.agency


def _already_rated() -> Conflict:
    return Conflict(
        "Bạn đã đánh giá hồ sơ này; mỗi hồ sơ chỉ được đánh giá một lần.",
        code="feedback.already_rated",
        message_en="You have already rated this dossier; a dossier is rated once.",
    )


def rate(*, dossier: Dossier, citizen: Any, level: Any, comment: str = "") -> Rating:
    """The dossier's owner rates the service received: Rất hài lòng (3), Hài lòng (2) or Không hài
    lòng (1), with an optional comment of at most 2,000 characters (Quyết định 766/QĐ-TTg, indicator
    "mức độ hài lòng").

    One transaction on the locked dossier row: only its owner (anyone else gets `NotFound`, as if the
    dossier did not exist), only after completion (status 9 or 10; ``feedback.not_finished``), once
    (``feedback.already_rated``). Writes the rating, the audit entry ``dossier.rated`` and the outbox
    event ``dossier.rated`` (for the national portal's satisfaction sync and the indicators).
    """
    chosen = rules.clean_level(level)
    text = rules.clean_comment(comment)
    try:
        with transaction.atomic():
            locked = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("agency", "processing_agency")
                .get(pk=dossier.pk)
            )
            if (
                locked.owner_id is None
                or locked.owner_id != getattr(citizen, "pk", None)
                or not getattr(citizen, "is_active", False)
            ):
                raise NotFound(
                    f"Không tìm thấy hồ sơ có mã {locked.code}.",
                    code="dossier.not_found",
                    message_en=f"No dossier has the code {locked.code}.",
                )
            if Rating.objects.filter(dossier=locked).exists():
                raise _already_rated()
            if not rules.may_rate(
                status=locked.national_status,
                closed=locked.closed_at is not None,
                already_rated=False,
            ):
                raise domain.InvalidTransition(
                    "Chỉ đánh giá được khi hồ sơ đã giải quyết xong.",
                    code="feedback.not_finished",
                    message_en="A dossier can be rated only once it has been dealt with.",
                )
            agency = rated_agency(locked)
            rating = Rating.objects.create(
                dossier=locked, rated_by=citizen, level=int(chosen), comment=text, agency=agency
            )
            audit.record(
                citizen,
                "dossier.rated",
                locked,
                after={"level": int(chosen), "comment": text, "agency": agency.identifier},
            )
            outbox.emit(
                "dossier.rated",
                locked,
                payload={
                    "code": locked.code,
                    "level": int(chosen),
                    "level_label": chosen.label,
                    "comment": text,
                    "agency": agency.identifier,
                    "at": rating.created_at.isoformat(),
                },
                key=f"dossier.rated:{locked.pk}",
            )
    except IntegrityError as error:  # a second rating raced past the check: the one-to-one refuses it
        if Rating.objects.filter(dossier_id=dossier.pk).exists():
            raise _already_rated() from error
        raise
    return rating
