"""Build the demo procedure catalogue (``demo_catalogue.json``) from its readable Python source.

Run from the repository root::

    .venv/bin/python -m egov.procedures.demo_catalogue.build

The content lives in the sibling modules of this package: processes (internal workflow templates),
e-forms, commune-level and province-level procedures. The JSON is committed; rebuild it after any change.
See ``docs/thu-tuc-hanh-chinh-mau.md`` for sources and for what is simplified.
"""

from __future__ import annotations

import json
from pathlib import Path

from egov.procedures.demo_catalogue.common import Json
from egov.procedures.demo_catalogue.commune import commune_procedures
from egov.procedures.demo_catalogue.processes import all_processes
from egov.procedures.demo_catalogue.province import province_procedures
from egov.procedures.eform import with_property_order

FORMAT = "egov.procedures/1"
OUTPUT = Path(__file__).resolve().parent.parent / "data" / "demo_catalogue.json"

FIELDS: list[tuple[str, str]] = [
    ("HOTICH", "Hộ tịch"),
    ("CHUNGTHUC", "Chứng thực"),
    ("LLTP", "Lý lịch tư pháp"),
    ("DATDAI", "Đất đai"),
    ("XAYDUNG", "Hoạt động xây dựng"),
    ("GIAOTHONG", "Đường bộ"),
    ("HKD", "Thành lập và hoạt động của hộ kinh doanh"),
    ("DKKD", "Thành lập và hoạt động doanh nghiệp"),
    ("GIAODUC", "Giáo dục và Đào tạo"),
    ("YTE", "Khám bệnh, chữa bệnh và dược"),
    ("BTXH", "Bảo trợ xã hội"),
    ("NCC", "Người có công"),
    ("VIECLAM", "Việc làm"),
    ("VANHOA", "Văn hóa"),
    ("DULICH", "Du lịch"),
    ("CONGTHUONG", "Công Thương"),
    ("TONGIAO", "Tín ngưỡng, tôn giáo"),
    ("NOIVU", "Tổ chức phi chính phủ, hội"),
]


def build() -> Json:
    """The whole catalogue document. E-form schemas record their property order (``x-order``), as the
    importer stores them."""
    procedures = [*commune_procedures(), *province_procedures()]
    for procedure in procedures:
        for version in procedure["versions"]:
            if version.get("eform_schema"):
                version["eform_schema"] = with_property_order(version["eform_schema"])
    return {
        "format": FORMAT,
        "fields": [{"code": code, "name": name} for code, name in FIELDS],
        "processes": all_processes(),
        "procedures": procedures,
    }


def main() -> None:
    document = build()
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(document['procedures'])} thủ tục, {len(document['processes'])} quy trình")


if __name__ == "__main__":
    main()
