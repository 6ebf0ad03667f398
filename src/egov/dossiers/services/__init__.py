"""Use cases of the one-stop dossier engine: one function each, one transaction, permission checked
inside, audit entry, rollups and outbox event in the same transaction (DESIGN.md "Data flow of a
dossier"). Modules: `intake` (every channel), `processing` (actions of the process), `exceptions`
(forms 02–05, withdrawal), `assignment`, `interagency` (liên thông), `routing` (which agency answers)."""

from egov.dossiers.files import Upload
from egov.dossiers.services.assignment import assign, claim
from egov.dossiers.services.intake import (
    ACCEPT_ACTION,
    RECEIVE_ACTION,
    Applicant,
    PaperReceipt,
    Received,
    accept_online,
    clean_applicant,
    receive,
    receive_at_counter,
)
from egov.dossiers.services.processing import RESULT_TOPICS, act

__all__ = [
    "ACCEPT_ACTION",
    "RECEIVE_ACTION",
    "RESULT_TOPICS",
    "Applicant",
    "PaperReceipt",
    "Received",
    "Upload",
    "accept_online",
    "act",
    "assign",
    "claim",
    "clean_applicant",
    "receive",
    "receive_at_counter",
]
