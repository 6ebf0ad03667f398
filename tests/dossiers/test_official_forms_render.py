"""Forms 01–07 rendered to real PDFs: Vietnamese text intact, serif font embedded, A4, QR on form 01."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from egov.dossiers.official_forms import data
from egov.dossiers.official_forms.qr import MODULE_PIXELS, QUIET_ZONE, lookup_qr
from egov.dossiers.official_forms.render import render_form, render_form_html
from tests.dossiers import official_forms_samples as samples

A4_POINTS = (595.28, 841.89)
SAMPLES: dict[str, Callable[[], data.OfficialForm]] = {
    "01": samples.receipt,
    "02": samples.supplement_request,
    "03": samples.refusal,
    "04": samples.apology,
    "05": samples.stop_notice,
    "06": samples.processing_control,
    "07": samples.tracking_register,
}
TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "04": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    "05": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "06": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "07": "SỔ THEO DÕI HỒ SƠ",
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    """Each sample form rendered once for the module (bytes are immutable)."""
    return {number: render_form(build()) for number, build in SAMPLES.items()}


def text_of(pdf: bytes) -> str:
    """The text of every page, with line breaks folded to spaces so wrapped phrases still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def font_names(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("number", list(SAMPLES))
def test_every_form_has_the_national_motto_agency_and_title_in_vietnamese(
    pdfs: dict[str, bytes], number: str
) -> None:
    text = text_of(pdfs[number])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND THÀNH PHỐ HUẾ" in text
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in text
    assert TITLES[number] in text
    assert f"Mẫu số {number}" in text


@pytest.mark.parametrize("number", list(SAMPLES))
def test_every_form_embeds_only_the_times_metric_serif(pdfs: dict[str, bytes], number: str) -> None:
    names = font_names(pdfs[number])
    assert names, "no font in the PDF"
    assert all(name.startswith("Liberation-Serif") or name.startswith("Tinos") for name in names), names


@pytest.mark.parametrize("number", [n for n in SAMPLES if n != "07"])
def test_dossier_forms_are_portrait_a4(pdfs: dict[str, bytes], number: str) -> None:
    for page in PdfReader(io.BytesIO(pdfs[number])).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.5)


def test_tracking_register_is_landscape_a4(pdfs: dict[str, bytes]) -> None:
    page = PdfReader(io.BytesIO(pdfs["07"])).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        A4_POINTS[::-1], abs=0.5
    )


def test_receipt_shows_code_applicant_papers_and_both_moments(pdfs: dict[str, bytes]) -> None:
    text = text_of(pdfs["01"])
    assert "Mã hồ sơ: 000.00.12.H57-250203-0007" in text
    assert "Nguyễn Thị Hương" in text
    assert "Giấy chứng nhận quyền sử dụng đất" in text
    assert "Thời gian nhận hồ sơ: 15 giờ 30 phút, ngày 03 tháng 02 năm 2025" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 15 giờ 30 phút, ngày 17 tháng 02 năm 2025" in text
    assert "Huế, ngày 03 tháng 02 năm 2025" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Lê Thị Mai" in text


def test_receipt_fits_on_one_page(pdfs: dict[str, bytes]) -> None:
    assert len(PdfReader(io.BytesIO(pdfs["01"])).pages) == 1


def test_receipt_qr_image_encodes_the_lookup_url(pdfs: dict[str, bytes]) -> None:
    """No QR decoder is installed, so read the embedded image's modules back and compare them with
    the symbol segno builds for the lookup URL: the PDF carries exactly that symbol."""
    images = PdfReader(io.BytesIO(pdfs["01"])).pages[0].images
    assert len(images) == 1
    picture = images[0].image.convert("L")
    expected = lookup_qr(samples.LOOKUP_URL).matrix
    size = len(expected)
    assert picture.size == ((size + 2 * QUIET_ZONE) * MODULE_PIXELS,) * 2
    centre = MODULE_PIXELS // 2
    read = [
        [
            picture.getpixel(
                ((QUIET_ZONE + x) * MODULE_PIXELS + centre, (QUIET_ZONE + y) * MODULE_PIXELS + centre)
            )
            < 128
            for x in range(size)
        ]
        for y in range(size)
    ]
    assert read == [[bool(module) for module in row] for row in expected]


def test_receipt_qr_differs_for_another_dossier() -> None:
    other = "https://dichvucong.hue.gov.vn/tra-cuu/000.00.12.H57-250203-0008"
    assert lookup_qr(other).matrix != lookup_qr(samples.LOOKUP_URL).matrix


def test_receipt_prints_the_lookup_address_for_people_without_a_scanner(pdfs: dict[str, bytes]) -> None:
    assert samples.LOOKUP_URL in text_of(pdfs["01"]).replace(" ", "")


def test_supplement_request_lists_every_missing_item_with_its_reason(pdfs: dict[str, bytes]) -> None:
    text = text_of(pdfs["02"])
    assert "Bản vẽ mặt bằng móng — Lý do: Hồ sơ chưa có bản vẽ móng" in text
    assert "Ý kiến thẩm duyệt phòng cháy, chữa cháy" in text
    assert "NGƯỜI HƯỚNG DẪN" in text


def test_refusal_states_its_reason(pdfs: dict[str, bytes]) -> None:
    assert "hành lang bảo vệ di tích Kinh thành Huế" in text_of(pdfs["03"])


def test_apology_gives_old_and_new_appointment_and_number(pdfs: dict[str, bytes]) -> None:
    text = text_of(pdfs["04"])
    assert "Số: 15/TTPVHCC-XL" in text
    assert "15 giờ 30 phút, ngày 17 tháng 02 năm 2025" in text
    assert "09 giờ 00 phút, ngày 24 tháng 02 năm 2025" in text
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    assert "Nơi nhận:" in text


def test_stop_notice_gives_reason_and_legal_basis(pdfs: dict[str, bytes]) -> None:
    text = text_of(pdfs["05"])
    assert "không bổ sung hồ sơ trong thời hạn yêu cầu" in text
    assert "Căn cứ Nghị định số 118/2025/NĐ-CP" in text
    assert "Huế, ngày 15 tháng 3 năm 2025" in text


def test_processing_control_has_one_row_per_handover_with_outcome(pdfs: dict[str, bytes]) -> None:
    text = text_of(pdfs["06"])
    assert "08 giờ 05 phút, ngày 04 tháng 02 năm 2025" in text
    assert "16 giờ 45 phút, ngày 12 tháng 02 năm 2025" in text
    for label in ("Trước hạn", "Đúng hạn", "Quá hạn"):
        assert label in text
    assert "Phạm Quốc Bảo" in text


def test_long_register_breaks_pages_and_repeats_the_header_row() -> None:
    pdf = render_form(samples.tracking_register(rows=60))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 2
    for page in pages:
        assert "Nhận hồ sơ" in page.extract_text()
    text = text_of(pdf)
    for index in (1, 30, 60):
        assert f"Công dân số {index} " in text


def test_empty_register_says_so() -> None:
    form = data.TrackingRegisterForm(
        agency=samples.AGENCY,
        period_start=samples.RECEIVED_AT.date(),
        period_end=samples.RECEIVED_AT.date(),
    )
    assert "Không có hồ sơ trong kỳ." in text_of(render_form(form))


def test_applicant_text_is_escaped_not_interpreted_as_html() -> None:
    applicant = data.Applicant(name="<b>Công ty</b> A & B")
    html = render_form_html(samples.receipt(applicant=applicant))
    assert "&lt;b&gt;Công ty&lt;/b&gt; A &amp; B" in html


def test_rendering_something_else_is_refused() -> None:
    with pytest.raises(TypeError):
        render_form(samples.AGENCY)  # type: ignore[arg-type]
