"""Shared pieces of the officers' dossier API tests: a signed-in API client, a receipt body, files."""

from __future__ import annotations

import base64
from typing import Any

from rest_framework.test import APIClient

from egov.accounts.models import User
from tests.dossiers.factories import APPLICANT, Counter

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def api(user: User | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def receive_body(counter: Counter, **changes: Any) -> dict[str, Any]:
    """A complete receipt at ``counter``: every required paper by code, one scanned PDF."""
    required = counter.version.papers.filter(is_required=True).order_by("pk")
    body: dict[str, Any] = {
        "procedure": counter.procedure.national_code,
        "agency": counter.agency.identifier,
        "channel": "counter",
        "applicant": dict(APPLICANT),
        "papers": [{"code": paper.code} for paper in required],
        "return_method": "counter",
        "files": [{"name": "don.pdf", "content": b64(PDF), "paper": required[0].code}],
    }
    body.update(changes)
    return body


def post_receipt(client: APIClient, body: dict[str, Any], key: str | None = "khoa-1") -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/v1/dossiers", body, format="json", headers=headers)
