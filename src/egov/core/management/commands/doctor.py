"""`egov doctor`: check the system libraries egov needs and print the exact install command if not."""

from __future__ import annotations

import shutil
import subprocess

from django.core.management.base import BaseCommand, CommandError

APT_PANGO = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
APT_FONTS = "sudo apt-get install -y fonts-dejavu-core fonts-noto-core"
# Official forms (TT 03/2025, ND 30/2020) are set in a Times-metric serif that covers Vietnamese.
APT_FORM_SERIF = "sudo apt-get install -y fonts-liberation2"
FORM_SERIF_FAMILIES = ("Liberation Serif", "Tinos", "Times New Roman")


def missing_system_parts() -> list[tuple[str, str]]:
    """(what is missing, the command that installs it) for each missing part."""
    problems: list[tuple[str, str]] = []
    try:
        import weasyprint  # noqa: F401 — loads Pango through cffi
    except OSError as error:
        problems.append((f"Thiếu thư viện Pango cho WeasyPrint ({error})", APT_PANGO))
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        problems.append(("Thiếu fontconfig (fc-list)", "sudo apt-get install -y fontconfig"))
    else:
        fonts = subprocess.run([fc_list, ":lang=vi", "family"], capture_output=True, text=True).stdout
        if not fonts.strip():
            problems.append(("Không có phông chữ hiển thị được tiếng Việt", APT_FONTS))
        families = {name.strip() for line in fonts.splitlines() for name in line.split(",")}
        if not families.intersection(FORM_SERIF_FAMILIES):
            problems.append(
                ("Thiếu phông chữ có chân cỡ Times có dấu tiếng Việt cho biểu mẫu in", APT_FORM_SERIF)
            )
    return problems


class Command(BaseCommand):
    help = "Kiểm tra các thư viện hệ thống mà egov cần (Pango, phông chữ tiếng Việt, phông chữ biểu mẫu in)."
    requires_system_checks = []

    def handle(self, *args, **options):
        problems = missing_system_parts()
        if not problems:
            self.stdout.write("Hệ thống đủ điều kiện chạy egov (Pango, phông chữ tiếng Việt).")
            return
        for what, command in problems:
            self.stderr.write(f"{what}.\n  Cài bằng: {command}")
        raise CommandError("Thiếu thư viện hệ thống; chạy các lệnh ở trên rồi thử lại.")
