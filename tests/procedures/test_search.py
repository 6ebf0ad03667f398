"""Accent-free search over the procedures in force, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from egov.organizations.models import Agency
from egov.procedures import search, selectors
from egov.procedures.models import Procedure, ProcedureVersion, VersionAgency
from tests.organizations.factories import make_agency
from tests.procedures.factories import (
    make_field,
    make_procedure,
    make_published_version,
    make_version,
    make_version_agency,
)


def codes(qs) -> list[str]:
    return [version.procedure.national_code for version in qs]


def published(name: str, *, code: str | None = None, **fields) -> ProcedureVersion:
    procedure = make_procedure(national_code=code) if code else make_procedure()
    return make_published_version(procedure, name=name, **fields)


# --- query words (no database) ------------------------------------------------------------------


def test_query_words_are_folded_and_split_on_punctuation() -> None:
    assert search.query_words("Giấy phép, XÂY-dựng ") == ["giay", "phep", "xay", "dung"]


def test_query_of_only_punctuation_has_no_words() -> None:
    assert search.query_words(" ,;- ") == []


def test_tsquery_requires_every_word_and_the_last_as_prefix() -> None:
    assert search.tsquery(["giay", "phep", "xay"]) == "giay & phep & xay:*"


@given(st.text(max_size=40))
def test_tsquery_words_never_carry_an_operator(q: str) -> None:
    words = search.query_words(q)
    if words:
        text = search.tsquery(words)
        assert not set(text) & set("|!()<>'\\")


# --- matching ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    [
        "giay phep xay dung",
        "Giấy phép xây dựng",
        "GIAY PHEP XAY DUNG",
        "xay dung giay phep",
        "giay phep xay d",
    ],
)
def test_query_finds_the_procedure_without_accents_any_case_any_order_unfinished(q: str) -> None:
    wanted = published("Cấp giấy phép xây dựng nhà ở riêng lẻ", code="1.009994")
    published("Đăng ký khai sinh")
    assert codes(search.search(q=q)) == [wanted.procedure.national_code]


@pytest.mark.django_db
def test_every_word_must_match() -> None:
    published("Cấp giấy phép xây dựng nhà ở riêng lẻ")
    assert list(search.search(q="giay phep khai thac")) == []


@pytest.mark.django_db
def test_words_before_the_last_match_whole_words_only() -> None:
    published("Thủ tục xây dựng")
    assert list(search.search(q="xa dung")) == []
    assert len(search.search(q="dung xa")) == 1  # the last word is a prefix: "xa" → "xay"


@pytest.mark.django_db
def test_d_with_stroke_is_folded_to_d() -> None:
    published("Đăng ký kết hôn")
    assert len(search.search(q="dang ky ket hon")) == 1


@pytest.mark.django_db
def test_exact_national_code_comes_first_then_name_matches_then_the_rest() -> None:
    field = make_field(name="Xây dựng")
    only_field = published("Cấp chứng chỉ hành nghề kiến trúc", field=field, code="1.000001")
    in_name = published("Điều chỉnh giấy phép xây dựng", code="1.000002")
    coded = published("Thủ tục có mã tìm được", code="1.000003")
    assert codes(search.search(q="xay dung")) == ["1.000002", "1.000001"]
    assert codes(search.search(q="1.000003")) == ["1.000003"]
    assert in_name.pk and only_field.pk and coded.pk


@pytest.mark.django_db
def test_national_code_ranks_first_even_when_other_names_match() -> None:
    published("Cấp bản sao trích lục hộ tịch", code="2.000635")
    published("Cấp giấy phép số 2.000635", code="1.000100")
    assert codes(search.search(q="2.000635"))[0] == "2.000635"


@pytest.mark.django_db
def test_result_text_is_searched_too() -> None:
    published("Đăng ký khai sinh", result="Giấy khai sinh (bản chính)")
    assert len(search.search(q="ban chinh")) == 1


@pytest.mark.django_db
def test_empty_query_lists_every_procedure_in_force_by_name() -> None:
    published("Bãi bỏ")
    published("An toàn thực phẩm")
    assert [v.name for v in search.search(q="  ")] == ["An toàn thực phẩm", "Bãi bỏ"]


@pytest.mark.django_db
def test_like_wildcards_in_the_query_are_word_separators_not_patterns() -> None:
    published("Đăng ký khai sinh")
    published("Đăng ký kết hôn")
    assert [v.name for v in search.search(q="dang%ky_khai")] == ["Đăng ký khai sinh"]
    assert list(search.search(q="k%t")) == []


# --- versions in force --------------------------------------------------------------------------


@pytest.mark.django_db
def test_drafts_are_invisible() -> None:
    make_version(name="Thủ tục nháp")
    assert list(search.search(q="thu tuc nhap")) == []


@pytest.mark.django_db
def test_versions_dated_in_the_future_are_invisible() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    make_published_version(name="Thủ tục sắp có hiệu lực", effective_from=tomorrow)
    assert list(search.search(q="sap co hieu luc")) == []


@pytest.mark.django_db
def test_only_the_version_in_force_is_found_one_row_per_procedure() -> None:
    procedure = make_procedure()
    make_published_version(procedure, name="Cấp giấy phép cũ", effective_from=dt.date(2024, 1, 1))
    current = make_published_version(procedure, name="Cấp giấy phép mới", effective_from=dt.date(2025, 7, 1))
    future = timezone.localdate() + dt.timedelta(days=30)
    make_published_version(procedure, name="Cấp giấy phép tương lai", effective_from=future)
    make_version(procedure, name="Cấp giấy phép nháp")
    assert list(search.search(q="cap giay phep")) == [current]
    assert list(search.search(q="giay phep cu")) == []


@pytest.mark.django_db
def test_a_withdrawn_version_is_invisible_and_the_one_before_it_applies() -> None:
    withdrawn_only = make_published_version(
        name="Thủ tục đã bãi bỏ", status=ProcedureVersion.Status.WITHDRAWN
    )
    procedure = make_procedure()
    before = make_published_version(procedure, name="Cấp phép bản trước", effective_from=dt.date(2024, 1, 1))
    make_published_version(
        procedure,
        name="Cấp phép bản rút lại",
        effective_from=dt.date(2025, 1, 1),
        status=ProcedureVersion.Status.WITHDRAWN,
    )
    assert list(search.search(q="thu tuc da bai bo")) == []
    assert list(search.search(q="cap phep")) == [before]
    assert withdrawn_only.pk


@pytest.mark.django_db
def test_search_shows_exactly_the_version_dossiers_bind_to() -> None:
    """The list and the procedure page agree with ``selectors.version_in_force`` for every history."""
    today = timezone.localdate()
    histories = [
        [("published", -400), ("published", -10)],
        [("published", -400), ("published", 10)],
        [("published", -400), ("withdrawn", -10)],
        [("withdrawn", -10)],
        [("published", -400), ("draft", None)],
    ]
    for history in histories:
        procedure = make_procedure()
        for status, days in history:
            effective = today + dt.timedelta(days=days) if days is not None else None
            make_version(procedure, name="Thủ tục lịch sử", status=status, effective_from=effective)
    shown = {v.procedure_id: v for v in search.search(q="thu tuc lich su")}
    for procedure in Procedure.objects.all():
        assert shown.get(procedure.pk) == selectors.version_in_force(procedure, today)
    published = {v.procedure_id: v for v in selectors.published_versions(today)}
    for procedure in Procedure.objects.all():
        assert published.get(procedure.pk) == selectors.version_in_force(procedure, today)


@pytest.mark.django_db
def test_in_force_on_a_past_date_gives_the_version_of_that_date() -> None:
    procedure = make_procedure()
    old = make_published_version(procedure, name="Bản cũ", effective_from=dt.date(2024, 1, 1))
    make_published_version(procedure, name="Bản mới", effective_from=dt.date(2025, 7, 1))
    assert list(search.in_force(dt.date(2025, 6, 30))) == [old]


# --- filters -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filter_by_field_code() -> None:
    civil = make_field(code="HOTICH", name="Hộ tịch")
    published("Đăng ký khai sinh", field=civil)
    published("Cấp giấy phép xây dựng")
    assert [v.name for v in search.search(field="HOTICH")] == ["Đăng ký khai sinh"]
    assert [v.name for v in search.search(field=civil, q="dang ky")] == ["Đăng ký khai sinh"]


@pytest.mark.django_db
def test_filter_by_level_and_online_level() -> None:
    published("Thủ tục cấp tỉnh toàn trình", level="province", online_level="full")
    published("Thủ tục cấp xã một phần", level="commune", online_level="partial")
    assert [v.name for v in search.search(level="province")] == ["Thủ tục cấp tỉnh toàn trình"]
    assert [v.name for v in search.search(online_level="partial")] == ["Thủ tục cấp xã một phần"]


@pytest.mark.django_db
def test_a_commune_committee_finds_the_procedures_of_every_commune_committee() -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    department = make_agency(province, name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(province, name="Ủy ban nhân dân xã An Hòa", kind=Agency.Kind.COMMUNE_COMMITTEE)
    published("Đăng ký khai sinh")  # received by every commune committee (factory default)
    published("Cấp giấy phép xây dựng", agency=department)
    by_commune = search.search(agency=search.AgencyFilter(agency=commune))
    by_department = search.search(agency=search.AgencyFilter(agency=department))
    by_kind = search.search(agency=search.AgencyFilter(kind=Agency.Kind.DEPARTMENT))
    assert [v.name for v in by_commune] == ["Đăng ký khai sinh"]
    assert [v.name for v in by_department] == ["Cấp giấy phép xây dựng"]
    assert [v.name for v in by_kind] == ["Cấp giấy phép xây dựng"]


@pytest.mark.django_db
def test_agency_filter_ignores_deciding_and_coordinating_agencies() -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    department = make_agency(province, name="Sở Tư pháp", kind=Agency.Kind.DEPARTMENT)
    version = published("Cấp phiếu lý lịch tư pháp")
    make_version_agency(version, agency=department, part=VersionAgency.Part.COORDINATING)
    assert list(search.search(agency=search.AgencyFilter(agency=department))) == []


@pytest.mark.django_db
def test_parse_agency_takes_a_kind_or_an_identifier() -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    assert search.parse_agency("commune_committee") == search.AgencyFilter(kind="commune_committee")
    assert search.parse_agency(province.identifier) == search.AgencyFilter(agency=province)
    assert search.parse_agency("khong-ton-tai") is None


@pytest.mark.django_db
def test_search_costs_one_query_and_two_for_the_page_procedures_and_fields() -> None:
    published("Đăng ký khai sinh")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = list(search.search(q="dang ky", field=None))
        assert results[0].procedure.national_code and results[0].field.name
    assert len(queries) == 3


@pytest.mark.django_db
def test_fields_in_use_lists_only_fields_with_a_procedure_in_force() -> None:
    used = make_field(name="Hộ tịch")
    make_field(name="Không dùng")
    published("Đăng ký khai sinh", field=used)
    assert list(search.fields_in_use()) == [used]


# --- paging ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_of_brings_the_total_with_the_rows_in_one_query() -> None:
    for n in range(5):
        published(f"Cấp giấy phép số {n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = search.page_of(search.search(q="giay phep"), 2, per_page=2)
        assert page.paginator.count == 5
        assert page.paginator.num_pages == 3
        assert [v.name for v in page.object_list] == ["Cấp giấy phép số 2", "Cấp giấy phép số 3"]
        assert page.has_next() and page.has_previous()
    assert len(queries) == 3  # the page with its total, then its procedures and fields


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "given"), [("99", 3), ("abc", 1), (None, 1), ("-4", 1)])
def test_page_of_turns_a_bad_or_too_high_number_into_a_real_page(asked: str | None, given: int) -> None:
    for n in range(5):
        published(f"Cấp giấy phép số {n}")
    page = search.page_of(search.search(q="giay phep"), asked, per_page=2)
    assert page.number == given
    assert page.object_list


@pytest.mark.django_db
def test_page_of_nothing_is_an_empty_first_page() -> None:
    page = search.page_of(search.search(q="khong co gi"), 3, per_page=2)
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


@pytest.mark.django_db
def test_search_folded_starts_with_the_folded_name_as_name_ranking_assumes() -> None:
    """ADR 0004: the name tier reads the first ``len(name)`` characters of ``search_folded``."""
    from egov.core.text import fold

    version = published("Cấp Giấy phép xây dựng, nhà ở riêng lẻ")
    version.refresh_from_db()
    assert version.search_folded[: len(version.name)] == fold(version.name)
