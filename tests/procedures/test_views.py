"""Public catalogue pages: the search list and one page per procedure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.organizations.models import Agency
from egov.procedures import presentation, views
from egov.procedures.models import ProcedureVersion, VersionAgency
from egov.procedures.presentation import processing_time_text as text_of
from tests.organizations.factories import make_agency
from tests.procedures.factories import (
    make_fee,
    make_field,
    make_paper,
    make_procedure,
    make_published_version,
    make_version,
    make_version_agency,
)


def version_stub(**fields) -> ProcedureVersion:
    fields.setdefault("processing_time", Decimal("5"))
    return ProcedureVersion(**fields)


# --- Vietnamese presentation (no database) ------------------------------------------------------


def test_working_days_are_written_with_two_digits() -> None:
    assert text_of(version_stub(processing_time=Decimal("5"))) == "05 ngày làm việc"
    assert text_of(version_stub(processing_time=Decimal("15"))) == "15 ngày làm việc"


def test_fractional_days_use_a_decimal_comma() -> None:
    assert text_of(version_stub(processing_time=Decimal("1.5"))) == "1,5 ngày làm việc"


def test_working_hours_unit() -> None:
    version = version_stub(processing_time=Decimal("4"), processing_time_unit="working_hours")
    assert text_of(version) == "04 giờ làm việc"


def test_single_day_procedure_names_its_cutoff() -> None:
    version = version_stub(processing_time=Decimal("0"), single_day_cutoff=dt.time(15, 0))
    assert text_of(version) == "Trong ngày; nhận sau 15 giờ 00 trả ngày làm việc tiếp theo"


def test_amounts_in_dong_use_dots_and_zero_is_free() -> None:
    assert presentation.vnd(Decimal("50000")) == "50.000 đồng"
    assert presentation.vnd(1500000) == "1.500.000 đồng"
    assert presentation.vnd(0) == "Miễn phí"


def test_copies_text() -> None:
    assert presentation.copies_text(1, 2) == "01 bản chính, 02 bản sao"
    assert presentation.copies_text(0, 0) == "Không yêu cầu bản giấy"


# --- list page ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_links_the_catalogue(client: Client) -> None:
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("procedures:list")}"' in html


@pytest.mark.django_db
def test_search_without_accents_lists_the_procedure(client: Client) -> None:
    wanted = make_published_version(name="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    make_published_version(name="Đăng ký khai sinh")
    response = client.get(reverse("procedures:list"), {"q": "giay phep xay dung"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in html
    assert reverse("procedures:detail", args=[wanted.procedure.national_code]) in html
    assert "Đăng ký khai sinh" not in html
    assert "1 thủ tục phù hợp" in html


@pytest.mark.django_db
def test_list_without_search_shows_everything_in_force_but_not_drafts(client: Client) -> None:
    make_published_version(name="Đăng ký khai sinh")
    make_version(name="Thủ tục nháp")
    html = client.get(reverse("procedures:list")).content.decode()
    assert "Đăng ký khai sinh" in html
    assert "Thủ tục nháp" not in html
    assert "1 thủ tục đang có hiệu lực" in html


@pytest.mark.django_db
def test_filters_are_kept_in_the_pagination_links(client: Client) -> None:
    field = make_field(code="HOTICH", name="Hộ tịch")
    for n in range(views.PAGE_SIZE + 1):
        make_published_version(name=f"Đăng ký hộ tịch số {n:02d}", field=field)
    html = client.get(reverse("procedures:list"), {"q": "dang ky", "field": "HOTICH"}).content.decode()
    assert "?q=dang+ky&amp;field=HOTICH&amp;page=2" in html


@pytest.mark.django_db
def test_choosing_a_commune_committee_lists_commune_procedures(client: Client) -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    department = make_agency(province, name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(province, name="Ủy ban nhân dân xã An Hòa", kind=Agency.Kind.COMMUNE_COMMITTEE)
    make_published_version(name="Đăng ký khai sinh")
    make_published_version(name="Cấp giấy phép xây dựng", agency=department)
    html = client.get(reverse("procedures:list"), {"agency": commune.identifier}).content.decode()
    assert "Đăng ký khai sinh" in html
    assert "Cấp giấy phép xây dựng" not in html
    assert "Ủy ban nhân dân xã An Hòa" in html  # offered in the agency filter


@pytest.mark.django_db
def test_online_level_filter(client: Client) -> None:
    make_published_version(name="Thủ tục toàn trình", online_level="full")
    make_published_version(name="Thủ tục một phần", online_level="partial")
    html = client.get(reverse("procedures:list"), {"online_level": "full"}).content.decode()
    assert "Thủ tục toàn trình" in html
    assert "Thủ tục một phần" not in html


@pytest.mark.django_db
def test_an_unknown_filter_value_is_shown_as_an_error_not_ignored(client: Client) -> None:
    make_published_version(name="Đăng ký khai sinh")
    html = client.get(reverse("procedures:list"), {"level": "district"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert "Đăng ký khai sinh" not in html


@pytest.mark.django_db
def test_list_page_queries_stay_bounded(client: Client, django_assert_max_num_queries) -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    for n in range(30):
        make_published_version(name=f"Cấp giấy phép số {n}", agency=province)
    # fields and agencies for the filters, the province (header), count, page, its procedures and fields
    with django_assert_max_num_queries(7):
        response = client.get(reverse("procedures:list"), {"q": "giay phep"})
    assert response.status_code == 200


# --- procedure page -----------------------------------------------------------------------------


@pytest.fixture
def full_version() -> ProcedureVersion:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    department = make_agency(province, name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    version = make_published_version(
        make_procedure(national_code="1.009994"),
        name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        field=make_field(name="Hoạt động xây dựng"),
        level=ProcedureVersion.Level.PROVINCE,
        processing_time=Decimal("15"),
        conditions="Phù hợp quy hoạch chi tiết xây dựng.",
        result="Giấy phép xây dựng",
        legal_basis="Luật Xây dựng 2014",
        online_level=ProcedureVersion.OnlineLevel.PARTIAL,
        legacy_level=3,
        accepts_online=True,
        decision="1234/QĐ-UBND",
        source_note="Theo Cơ sở dữ liệu quốc gia về TTHC.",
        agency=department,
        effective_from=dt.date(2025, 7, 1),
        with_children=False,
    )
    make_version_agency(version, agency=department)
    make_version_agency(version, part=VersionAgency.Part.PROCESSING, agency=department)
    make_fee(version, kind="fee", code="PTD", name="Phí thẩm định", amount=Decimal("150000"))
    make_fee(version, kind="charge", code="LP", name="Lệ phí cấp giấy phép", amount=Decimal("0"))
    make_paper(version, name="Đơn đề nghị cấp giấy phép", originals=1, form_template_name="Mẫu số 01")
    make_paper(version, name="Bản vẽ thiết kế", originals=0, copies=2, is_required=False, reusable=True)
    return version


@pytest.mark.django_db
def test_procedure_page_shows_what_a_citizen_needs(client: Client, full_version: ProcedureVersion) -> None:
    response = client.get(reverse("procedures:detail", args=["1.009994"]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "1.009994",
        "Hoạt động xây dựng",
        "Cấp tỉnh",
        "Sở Xây dựng",
        "Cơ quan tiếp nhận",
        "Cơ quan giải quyết",
        "15 ngày làm việc",
        "Phí thẩm định",
        "150.000 đồng",
        "Miễn phí",
        "Đơn đề nghị cấp giấy phép",
        "01 bản chính",
        "02 bản sao",
        "Không bắt buộc",
        "Có thể dùng lại từ kho dữ liệu số",
        "Phù hợp quy hoạch chi tiết xây dựng.",
        "Luật Xây dựng 2014",
        "Một phần",
        "Mức độ 3",
        "Phiên bản 1, có hiệu lực từ ngày 01/07/2025",
        "1234/QĐ-UBND",
        "Theo Cơ sở dữ liệu quốc gia về TTHC.",
        "Thẩm định, xử lý",  # internal process step
        "Tổng thời gian",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_procedure_page_links_a_form_template_for_download(
    client: Client, full_version: ProcedureVersion
) -> None:
    paper = full_version.papers.get(name="Đơn đề nghị cấp giấy phép")
    paper.form_template.save("mau-01.docx", ContentFile(b"mau"), save=True)
    html = client.get(reverse("procedures:detail", args=["1.009994"])).content.decode()
    assert paper.form_template.url in html
    assert "Tải mẫu" in html


@pytest.mark.django_db
def test_online_button_only_where_the_procedure_accepts_online_dossiers(client: Client) -> None:
    version = make_published_version(
        make_procedure(national_code="1.000100"), online_level="none", accepts_online=True
    )
    html = client.get(reverse("procedures:detail", args=["1.000100"])).content.decode()
    assert "Nộp hồ sơ trực tuyến" not in html
    assert "chưa nhận hồ sơ trực tuyến" in html
    assert views.eform_url(version) is None


@pytest.mark.django_db
def test_unknown_code_is_404(client: Client) -> None:
    assert client.get(reverse("procedures:detail", args=["9.999999"])).status_code == 404


@pytest.mark.django_db
def test_procedure_with_only_a_draft_or_a_future_version_is_404(client: Client) -> None:
    make_version(make_procedure(national_code="1.000200"))
    future = timezone.localdate() + dt.timedelta(days=5)
    make_published_version(make_procedure(national_code="1.000201"), effective_from=future)
    assert client.get(reverse("procedures:detail", args=["1.000200"])).status_code == 404
    assert client.get(reverse("procedures:detail", args=["1.000201"])).status_code == 404


@pytest.mark.django_db
def test_procedure_page_shows_the_version_in_force_not_the_newer_future_one(client: Client) -> None:
    procedure = make_procedure(national_code="1.000300")
    make_published_version(procedure, name="Bản đang áp dụng", effective_from=dt.date(2025, 1, 1))
    make_published_version(
        procedure, name="Bản sắp áp dụng", effective_from=timezone.localdate() + dt.timedelta(days=3)
    )
    html = client.get(reverse("procedures:detail", args=["1.000300"])).content.decode()
    assert "Bản đang áp dụng" in html
    assert "Bản sắp áp dụng" not in html


@pytest.mark.django_db
def test_procedure_page_queries_stay_bounded(
    client: Client, full_version: ProcedureVersion, django_assert_max_num_queries
) -> None:
    for n in range(10):
        make_paper(full_version, name=f"Giấy tờ {n}")
        make_fee(full_version, name=f"Phí {n}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("procedures:detail", args=["1.009994"]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_online_button_leads_to_the_e_form(client: Client, full_version: ProcedureVersion) -> None:
    html = client.get(reverse("procedures:detail", args=["1.009994"])).content.decode()
    assert 'href="/thu-tuc/1.009994/to-khai/"' in html
    assert "Nộp hồ sơ trực tuyến" in html
