"""`egov oidc-dev-provider`: a local OpenID Connect provider to try single sign-on without VNeID.

Runs oidc-provider-mock (a development dependency: `pip install -e '.[dev]'`) on
http://127.0.0.1:8765 with two ready-made people: the demo citizen (citizen id 046090001234,
who already has a password account) and a newcomer whose first sign-in creates an account. Any
other subject typed on its page works too. Never use it in production: it signs in whoever asks.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.accounts import demo

DEMO_PEOPLE: list[tuple[str, dict[str, Any]]] = [
    (
        "vneid-demo-congdan",
        {
            "name": "Lê Thị Thu Hà",
            "citizen_id": demo.CITIZEN_ID,
            "email": "congdan@demo.egov.vn",
            "email_verified": True,
            "phone_number": "+84905123456",
            "phone_number_verified": True,
        },
    ),
    (
        "vneid-demo-nguoimoi",
        {
            "name": "Trần Minh Khoa",
            "citizen_id": "046095001999",
            "email": "khoa.tran@demo.egov.vn",
            "email_verified": True,
            "phone_number": "+84935111222",
            "phone_number_verified": True,
        },
    ),
]


class Command(BaseCommand):
    help = (
        "Chạy một nhà cung cấp định danh OpenID Connect thử nghiệm (oidc-provider-mock) để thử đăng nhập "
        "một lần khi không có VNeID. Chỉ dùng khi phát triển, trình diễn."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8765, help="Cổng lắng nghe (mặc định 8765)")

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        try:
            import oidc_provider_mock
            import werkzeug.serving
        except ImportError as error:
            raise CommandError(
                "Chưa cài oidc-provider-mock. Chạy: .venv/bin/pip install -e '.[dev]' "
                "(hoặc .venv/bin/pip install oidc-provider-mock)."
            ) from error
        # The mock serves plain HTTP on the local machine; Authlib refuses that unless told.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
        app = oidc_provider_mock.app(
            require_nonce=True,
            user_claims=[oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in DEMO_PEOPLE],
        )
        base = f"http://{host}:{port}"
        self.stdout.write(
            f"Nhà cung cấp định danh thử nghiệm: {base}\n"
            "Chạy cổng với:\n"
            "  EGOV_OIDC_ENABLED=1 EGOV_OIDC_NAME='VNeID (thử nghiệm)' \\\n"
            "  EGOV_OIDC_PROVIDER=vneid-thu-nghiem \\\n"
            f"  EGOV_OIDC_DISCOVERY_URL={base}/.well-known/openid-configuration \\\n"
            "  EGOV_OIDC_CLIENT_ID=egov-demo EGOV_OIDC_CLIENT_SECRET=demo EGOV_OIDC_TRUST_CITIZEN_ID=1 \\\n"
            "  .venv/bin/egov demo\n"
            "Người dùng có sẵn trên trang đăng nhập của nhà cung cấp:\n"
            + "".join(
                f"  {sub}: {claims['name']}, số định danh {claims['citizen_id']}\n"
                for sub, claims in DEMO_PEOPLE
            )
            + "Dừng bằng Ctrl+C."
        )
        werkzeug.serving.run_simple(host, port, app, threaded=True, use_reloader=False)
