"""SMS adapters: the console backend keeps and prints messages; the http backend POSTs JSON to a
brandname gateway (a real local HTTP server here) and reports refusals as SmsNotSent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import override_settings

from egov.accounts import sms
from egov.accounts.sms import console


class Gateway:
    """A local gateway that records requests and answers with `status`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                gateway.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                        "body": json.loads(self.rfile.read(length).decode()),
                    }
                )
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    running = Gateway()
    yield running
    running.close()


@override_settings(EGOV_SMS_BACKEND="console", EGOV_SMS_SENDER="HUE-DVC")
def test_console_backend_prints_and_keeps_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    console.outbox.clear()
    sms.send(to="0912345678", text="Mã xác thực: 123456")
    assert console.outbox == [sms.SmsMessage(to="0912345678", text="Mã xác thực: 123456", sender="HUE-DVC")]
    printed = capsys.readouterr().out
    assert "0912345678" in printed and "Mã xác thực: 123456" in printed


def test_http_backend_posts_json_with_token_and_sender(gateway: Gateway) -> None:
    with override_settings(
        EGOV_SMS_BACKEND="http", EGOV_SMS_URL=gateway.url, EGOV_SMS_TOKEN="bi-mat", EGOV_SMS_SENDER="HUE-DVC"
    ):
        sms.send(to="0912345678", text="Mã xác thực của bạn là 654321")
    [request] = gateway.requests
    assert request["path"] == "/sms/send"
    assert request["authorization"] == "Bearer bi-mat"
    assert request["content_type"].startswith("application/json")
    assert request["body"] == {
        "sender": "HUE-DVC",
        "to": "84912345678",
        "text": "Mã xác thực của bạn là 654321",
    }


def test_http_backend_reports_a_refusal_as_not_sent(gateway: Gateway) -> None:
    gateway.status = 401
    refusing = override_settings(EGOV_SMS_BACKEND="http", EGOV_SMS_URL=gateway.url, EGOV_SMS_TOKEN="sai")
    with refusing, pytest.raises(sms.SmsNotSent) as caught:
        sms.send(to="0912345678", text="x")
    assert caught.value.code == "sms.not_sent" and "Chưa gửi được tin nhắn" in caught.value.message_vi


def test_http_backend_reports_an_unreachable_gateway_as_not_sent(gateway: Gateway) -> None:
    url = gateway.url
    gateway.close()
    with override_settings(EGOV_SMS_BACKEND="http", EGOV_SMS_URL=url), pytest.raises(sms.SmsNotSent):
        sms.send(to="0912345678", text="x")


@override_settings(EGOV_SMS_BACKEND="http", EGOV_SMS_URL="")
def test_http_backend_without_url_is_a_configuration_error() -> None:
    with pytest.raises(sms.SmsNotSent) as caught:
        sms.send(to="0912345678", text="x")
    assert "EGOV_SMS_URL" in caught.value.message_vi


@override_settings(EGOV_SMS_BACKEND="bo-cau-dua-thu")
def test_unknown_backend_name_is_refused() -> None:
    with pytest.raises(sms.SmsNotSent) as caught:
        sms.send(to="0912345678", text="x")
    assert "bo-cau-dua-thu" in caught.value.message_vi


def test_a_new_gateway_is_a_registered_class_not_a_branch() -> None:
    sent: list[sms.SmsMessage] = []

    @sms.register("thu-nghiem")
    class Recording(sms.SmsBackend):
        def send(self, message: sms.SmsMessage) -> None:
            sent.append(message)

    with override_settings(EGOV_SMS_BACKEND="thu-nghiem"):
        sms.send(to="0987654321", text="xin chào")
    assert sent == [sms.SmsMessage(to="0987654321", text="xin chào", sender="")]
