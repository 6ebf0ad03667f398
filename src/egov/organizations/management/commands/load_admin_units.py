"""egov load_admin_units: seed provinces and communes/wards from the vietnam-provinces package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.organizations import services


class Command(BaseCommand):
    help = "Nạp 34 tỉnh, thành phố và 3.321 xã, phường từ gói vietnam-provinces (chạy lại không đổi gì)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = services.load_administrative_units(actor=None)
        self.stdout.write(
            f"Đơn vị hành chính: {report.provinces} tỉnh, thành phố; {report.wards} xã, phường, đặc khu. "
            f"Thêm mới {report.created}, cập nhật {report.updated}, giữ nguyên {report.unchanged}."
        )
