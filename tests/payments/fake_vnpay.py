"""A local fake of VNPay's payment page and IPN sender, for tests that cross the wire.

A real HTTP server in a thread. Like VNPay, it receives the payer's redirect, checks the request's
signature, "pays" with the outcome the test chose, calls our IPN URL server to server (GET, signed
query) and sends the browser back to ``vnp_ReturnUrl`` with the signed result. The signing is
written out here again, independently of `egov.payments.gateways.vnpay.protocol`, so that a mistake
there cannot cancel itself out.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAY_PATH = "/paymentv2/vpcpay.html"
GMT7 = timezone(timedelta(hours=7))
REQUIRED = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_CurrCode",
    "vnp_TxnRef",
    "vnp_OrderInfo",
    "vnp_OrderType",
    "vnp_Locale",
    "vnp_ReturnUrl",
    "vnp_IpAddr",
    "vnp_CreateDate",
    "vnp_ExpireDate",
)


def vnpay_hash(params: dict[str, str], secret: str) -> str:
    """VNPay's reference code: sorted keys, quote_plus of each value, '&', HMAC-SHA512 hex."""
    text = "&".join(f"{key}={urllib.parse.quote_plus(str(params[key]))}" for key in sorted(params))
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def signed(params: dict[str, str], secret: str) -> str:
    query = urllib.parse.urlencode(sorted(params.items()))  # quote_plus, as VNPay sends it
    return f"{query}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={vnpay_hash(params, secret)}"


@dataclass
class FakeVNPay:
    secret: str
    tmn_code: str
    ipn_url: str
    response_code: str = "00"  # what the next payer's bank answers
    transaction_status: str = "00"
    send_ipn: bool = True  # False: VNPay's IPN never comes (only the browser returns)
    orders: dict[str, dict[str, str]] = field(default_factory=dict)
    results: dict[str, dict[str, str]] = field(default_factory=dict)
    ipn_replies: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(14226112))

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._pay(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{PAY_PATH}"

    def __enter__(self) -> FakeVNPay:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    # --- the payment page --------------------------------------------------------------------------

    def _pay(self, request: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(request.path)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        problem = self._check(parts.path, query)
        if problem:
            self.refused.append(problem)
            body = f"Giao dịch không hợp lệ: {problem}".encode()
            request.send_response(400)
            request.send_header("Content-Type", "text/plain; charset=utf-8")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
            return
        order = {k: v for k, v in query.items() if k not in ("vnp_SecureHash", "vnp_SecureHashType")}
        self.orders[order["vnp_TxnRef"]] = order
        result = self.result_for(order["vnp_TxnRef"])
        if self.send_ipn:
            self.call_ipn(result)
        back = order["vnp_ReturnUrl"]
        location = f"{back}{'&' if '?' in back else '?'}{signed(result, self.secret)}"
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    def _check(self, path: str, query: dict[str, str]) -> str:
        if path != PAY_PATH:
            return "unknown path"
        missing = [name for name in REQUIRED if not query.get(name)]
        if missing:
            return f"missing {', '.join(missing)}"
        received = query.get("vnp_SecureHash", "")
        params = {k: v for k, v in query.items() if k not in ("vnp_SecureHash", "vnp_SecureHashType")}
        if not hmac.compare_digest(vnpay_hash(params, self.secret), received):
            return "sai chữ ký (code 70)"
        if query["vnp_Version"] != "2.1.0" or query["vnp_Command"] != "pay" or query["vnp_CurrCode"] != "VND":
            return "version, command or currency"
        if query["vnp_TmnCode"] != self.tmn_code:
            return "unknown merchant"
        if not query["vnp_Amount"].isdigit() or int(query["vnp_Amount"]) % 100:
            return "amount"
        if query["vnp_TxnRef"] in self.orders:
            return "duplicate vnp_TxnRef"
        expires = datetime.strptime(query["vnp_ExpireDate"], "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
        if expires <= datetime.now(UTC):
            return "expired"
        return ""

    # --- results and IPNs --------------------------------------------------------------------------

    def result_for(
        self,
        txn_ref: str,
        *,
        response_code: str | None = None,
        transaction_status: str | None = None,
        amount_vnd: int | None = None,
    ) -> dict[str, str]:
        """The signed fields VNPay sends for the order (IPN and return carry the same ones)."""
        order = self.orders.get(txn_ref, {"vnp_Amount": "0", "vnp_OrderInfo": ""})
        number = str(next(self._numbers))
        result = {
            "vnp_Amount": str(amount_vnd * 100) if amount_vnd is not None else order["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{number}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": order["vnp_OrderInfo"],
            "vnp_PayDate": datetime.now(GMT7).strftime("%Y%m%d%H%M%S"),
            "vnp_ResponseCode": response_code or self.response_code,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionNo": number,
            "vnp_TransactionStatus": transaction_status or self.transaction_status,
            "vnp_TxnRef": txn_ref,
        }
        self.results[txn_ref] = result
        return result

    def call_ipn(self, result: dict[str, str], *, secret: str | None = None) -> dict[str, Any]:
        """Call the merchant's IPN URL like VNPay does, and keep its JSON answer."""
        url = f"{self.ipn_url}?{signed(result, secret or self.secret)}"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            reply = json.loads(response.read())
        self.ipn_replies.append(reply)
        return reply

    def call_ipn_raw(self, query: str) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.ipn_url}?{query}", timeout=30) as response:
            reply = json.loads(response.read())
        self.ipn_replies.append(reply)
        return reply
