"""`egov totp-code USERNAME`: print the current second-factor code of a demo account."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.accounts import demo
from egov.accounts.models import User


class Command(BaseCommand):
    help = (
        "In mã xác thực hai lớp (TOTP) hiện tại của một tài khoản — dùng cho bản trình diễn, "
        "thay cho ứng dụng xác thực trên điện thoại."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập, ví dụ quantri")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            code = demo.current_code(username)
        except User.DoesNotExist as error:
            raise CommandError(f"Không có tài khoản {username}.") from error
        except ValueError as error:
            raise CommandError(f"Tài khoản {username} chưa bật xác thực hai lớp.") from error
        self.stdout.write(code)
