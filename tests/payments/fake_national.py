"""A local fake of the national payment platform, speaking the adapter's wire format
(`egov.payments.gateways.national.protocol`): bills in, a payment page, signed confirmations out.

The signature is computed here independently (HMAC-SHA256 of the exact body bytes)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GMT7 = timezone(timedelta(hours=7))


def signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class FakeNationalPlatform:
    secret: str
    client_id: str
    status: str = "SUCCESS"  # what the next payer's payment ends with
    refuse_with: str = ""  # a code other than "00": the platform refuses bills
    send_confirmation: bool = True
    bills: dict[str, dict[str, Any]] = field(default_factory=dict)  # transactionId → bill
    headers: list[dict[str, str]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._bill(self)

            def do_GET(self) -> None:
                fake._pay(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def bill_url(self) -> str:
        return f"{self.base}/api/v1/bills"

    def __enter__(self) -> FakeNationalPlatform:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, document: dict[str, Any]) -> None:
        body = json.dumps(document).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _bill(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length", "0")))
        self.headers.append(dict(request.headers.items()))
        if request.path != "/api/v1/bills":
            self._answer(request, 404, {"code": "404", "message": "not found"})
            return
        if request.headers.get("X-Client-Id") != self.client_id or not hmac.compare_digest(
            signature(body, self.secret), request.headers.get("X-Signature", "")
        ):
            self._answer(request, 401, {"code": "97", "message": "Chữ ký không hợp lệ"})
            return
        if self.refuse_with:
            self._answer(request, 200, {"code": self.refuse_with, "message": "Từ chối hóa đơn"})
            return
        bill = json.loads(body)
        transaction_id = f"NPP{next(self._numbers):08d}"
        self.bills[transaction_id] = bill
        self._answer(
            request,
            200,
            {
                "code": "00",
                "message": "OK",
                "paymentUrl": f"{self.base}/pay/{transaction_id}",
                "transactionId": transaction_id,
            },
        )

    def _pay(self, request: BaseHTTPRequestHandler) -> None:
        transaction_id = urllib.parse.urlsplit(request.path).path.rsplit("/", 1)[-1]
        bill = self.bills.get(transaction_id)
        if bill is None:
            self._answer(request, 404, {"code": "01"})
            return
        if self.send_confirmation:
            self.confirm(transaction_id)
        request.send_response(302)
        request.send_header("Location", f"{bill['returnUrl']}?billNumber={bill['billNumber']}")
        request.send_header("Content-Length", "0")
        request.end_headers()

    def confirmation(self, transaction_id: str, **changes: Any) -> dict[str, Any]:
        bill = self.bills[transaction_id]
        document = {
            "billNumber": bill["billNumber"],
            "transactionId": transaction_id,
            "amount": bill["amount"],
            "status": self.status,
            "paidAt": datetime.now(GMT7).strftime("%Y%m%d%H%M%S"),
        }
        document.update(changes)
        return document

    def confirm(self, transaction_id: str, *, secret: str | None = None, **changes: Any) -> dict[str, Any]:
        """POST a signed confirmation to the bill's notifyUrl; keep and return the JSON answer."""
        bill = self.bills[transaction_id]
        body = json.dumps(self.confirmation(transaction_id, **changes)).encode()
        request = urllib.request.Request(
            bill["notifyUrl"],
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Signature": signature(body, secret or self.secret),
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            reply = json.loads(response.read())
        self.replies.append(reply)
        return reply
