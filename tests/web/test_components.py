"""Design-system components: form, pagination, table, messages, breadcrumbs."""

from __future__ import annotations

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from egov.core.errors import ValidationFailed
from egov.web.forms import add_domain_error


class ContactForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", help_text="Như trên giấy tờ tùy thân.")
    phone = forms.CharField(label="Số điện thoại")
    agree = forms.BooleanField(label="Đồng ý", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("full_name") == "cấm":
            raise forms.ValidationError("Không thể gửi lúc này.")
        return cleaned


def render_form(form: forms.Form, **extra: object) -> str:
    request = RequestFactory().post("/")
    return render_to_string("web/components/form.html", {"form": form, **extra}, request=request)


def test_field_error_is_rendered_beside_its_field_and_linked_for_assistive_technology() -> None:
    form = ContactForm(data={"full_name": "Trần Thị Bình", "phone": ""})
    assert not form.is_valid()
    html = render_form(form, submit_label="Gửi yêu cầu")
    # The error list sits inside the phone field's block, before its input, with the id the input points to.
    phone_block = html.split('class="field field--error"')[1]
    assert 'id="id_phone_error"' in phone_block
    assert phone_block.index("id_phone_error") < phone_block.index('name="phone"')
    assert 'aria-invalid="true"' in phone_block
    assert 'aria-describedby="id_phone_error"' in phone_block
    assert "Gửi yêu cầu" in html
    assert "csrfmiddlewaretoken" in html


def test_help_text_is_announced_with_its_input() -> None:
    html = render_form(ContactForm())
    assert 'id="id_full_name_helptext"' in html
    assert 'aria-describedby="id_full_name_helptext"' in html
    assert "error-summary" not in html


def test_non_field_errors_are_listed_at_the_top_of_the_form() -> None:
    form = ContactForm(data={"full_name": "cấm", "phone": "0912345678"})
    assert not form.is_valid()
    html = render_form(form)
    assert html.index("Không thể gửi lúc này.") < html.index('name="full_name"')
    assert 'role="alert"' in html


def test_domain_error_with_a_field_lands_beside_that_field() -> None:
    form = ContactForm(data={"full_name": "An", "phone": "123"})
    assert form.is_valid()
    add_domain_error(form, ValidationFailed("Số điện thoại không hợp lệ.", field="phone"))
    assert form.errors == {"phone": ["Số điện thoại không hợp lệ."]}


def test_domain_error_naming_an_unknown_field_goes_to_the_top() -> None:
    form = ContactForm(data={"full_name": "An", "phone": "0912345678"})
    assert form.is_valid()
    add_domain_error(form, ValidationFailed("Hồ sơ đã bị khóa.", field="dossier"))
    assert form.non_field_errors() == ["Hồ sơ đã bị khóa."]


def test_domain_error_follows_the_active_language() -> None:
    from django.utils import translation

    form = ContactForm(data={"full_name": "An", "phone": "0912345678"})
    form.is_valid()
    with translation.override("en"):
        add_domain_error(form, ValidationFailed("Sai.", message_en="Wrong.", field="phone"))
    assert form.errors["phone"] == ["Wrong."]


@pytest.mark.parametrize(("current", "expected_links"), [(1, ["2", "Trang sau"]), (3, ["Trang trước", "2"])])
def test_pagination_links_keep_the_other_query_parameters(current: int, expected_links: list[str]) -> None:
    page = Paginator(list(range(30)), 10).page(current)
    request = RequestFactory().get("/co-quan/", {"q": "xây dựng", "page": current})
    html = render_to_string("web/components/pagination.html", {"page": page}, request=request)
    assert "q=x%C3%A2y+d%E1%BB%B1ng&amp;page=" in html
    assert f'aria-current="page"><span class="visually-hidden">Trang </span>{current}<' in html
    for text in expected_links:
        assert text in html


def test_pagination_is_absent_for_a_single_page() -> None:
    page = Paginator([1, 2], 10).page(1)
    html = render_to_string(
        "web/components/pagination.html", {"page": page}, request=RequestFactory().get("/")
    )
    assert "pagination" not in html


def test_table_scrolls_inside_a_labelled_region_and_escapes_cells() -> None:
    html = render_to_string(
        "web/components/table.html",
        {"caption": "Danh sách cơ quan", "columns": ["Tên", "Mã"], "rows": [["<b>Sở</b>", "000.00.01.H57"]]},
    )
    assert 'class="table-wrap" role="region" aria-label="Danh sách cơ quan" tabindex="0"' in html
    assert "&lt;b&gt;Sở&lt;/b&gt;" in html
    assert '<th scope="col">Mã</th>' in html


def test_empty_table_says_there_is_no_data() -> None:
    html = render_to_string("web/components/table.html", {"caption": "X", "columns": ["A", "B"], "rows": []})
    assert 'colspan="2"' in html
    assert "Chưa có dữ liệu." in html


def test_breadcrumbs_mark_the_last_item_as_the_current_page() -> None:
    html = render_to_string(
        "web/components/breadcrumbs.html", {"breadcrumbs": [("Trang chủ", "/"), ("Cơ quan", "")]}
    )
    assert '<a href="/">Trang chủ</a>' in html
    assert '<span aria-current="page">Cơ quan</span>' in html
