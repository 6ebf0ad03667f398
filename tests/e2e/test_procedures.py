"""The procedure catalogue in a real browser: a search typed without diacritics finds the procedure."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(db):
    from tests.procedures.factories import make_procedure, make_published_version

    make_published_version(make_procedure(national_code="1.001193"), name="Đăng ký khai sinh")
    return make_published_version(
        make_procedure(national_code="1.009994"),
        name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        result="Giấy phép xây dựng",
    )


def test_search_without_diacritics_opens_the_procedure_page(page, live_server, catalogue) -> None:
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_label("Tên hoặc mã thủ tục").fill("giay phep xay dung")
    page.get_by_role("button", name="Tìm kiếm").click()
    assert "q=giay+phep+xay+dung" in page.url
    assert page.get_by_text("1 thủ tục phù hợp").is_visible()
    assert page.get_by_role("link", name="Đăng ký khai sinh").count() == 0
    page.get_by_role("link", name="Cấp giấy phép xây dựng nhà ở riêng lẻ").click()
    page.wait_for_url("**/thu-tuc/1.009994/")
    assert page.locator("h1").inner_text() == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert page.get_by_text("03 ngày làm việc").is_visible()
