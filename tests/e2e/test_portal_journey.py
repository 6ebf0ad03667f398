"""The citizen portal end to end in Chromium, on the demo province (issue 5).

A citizen registers with a one-time code sent by e-mail, finds the birth registration by typing
"dang ky khai sinh" (no diacritics), submits it online with
its declaration and papers, the ward's officers process it to the result (the leader signs with the
result file attached), the citizen downloads the result from "Hồ sơ của tôi", rates the service and
anyone finds the dossier by its code or by the address of its QR. The same submission is then made
with JavaScript switched off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.e2e.conftest import BIRTH_REGISTRATION, PDF, WARD, sign_in_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Hue@2026demo"
CITIZEN = {
    "full_name": "Lê Thị Thu Trang",
    "citizen_id": "046195007788",
    "email": "thutrang.le@example.vn",
    "phone": "0935 246 802",
    "password": "Trang@Hue-2026!",
}
RESULT = PDF.replace(b"1 0 obj", b"1 0 obj % Giay khai sinh")


@pytest.fixture
def province(transactional_db, settings, tmp_path):
    """The demo province: agencies, the catalogue and the demo officers (password Hue@2026demo)."""
    from egov.accounts.demo import create_demo_people
    from egov.organizations.demo import create_demo_agencies
    from egov.organizations.models import Agency
    from egov.procedures.demo import load_demo_catalogue

    settings.MEDIA_ROOT = tmp_path / "media"
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        agencies = create_demo_agencies()
        load_demo_catalogue()
        create_demo_people(agencies)
    return Agency.objects.get(short_name=WARD)


@pytest.fixture
def papers(tmp_path) -> dict[str, Path]:
    """Scans of the papers as the citizen's files: a PDF declaration, a PNG birth certificate, an ID."""
    folder = tmp_path / "giay-to"
    folder.mkdir()
    made = {
        "to-khai.pdf": PDF,
        "giay-chung-sinh.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "can-cuoc.pdf": PDF,
        "giay-khai-sinh.pdf": RESULT,
    }
    for name, content in made.items():
        (folder / name).write_bytes(content)
    return {name: folder / name for name in made}


def register(page, base_url: str) -> None:
    """Registration: the form, then the 6-digit code the e-mail carries."""
    page.goto(base_url + reverse("accounts:register"))
    page.get_by_label("Họ và tên").fill(CITIZEN["full_name"])
    page.get_by_label("Số định danh cá nhân (CCCD)").fill(CITIZEN["citizen_id"])
    page.get_by_role("textbox", name="Thư điện tử").fill(CITIZEN["email"])
    page.get_by_role("textbox", name="Số điện thoại di động").fill(CITIZEN["phone"])
    page.get_by_role("radio", name="Thư điện tử").check()
    page.locator("input[name=password]").fill(CITIZEN["password"])
    page.get_by_label("Nhập lại mật khẩu").fill(CITIZEN["password"])
    mail.outbox.clear()
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**" + reverse("accounts:register_verify"))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [CITIZEN["email"]]
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    page.get_by_role("textbox", name="Mã xác thực").fill(code)
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


def submit_birth_registration(page, base_url: str, ward, papers: dict[str, Path]) -> str:
    """From the procedure page to the confirmation: agency, declaration, papers, review and pledge.
    Returns the dossier code shown on the confirmation page."""
    from egov.procedures.models import RequiredPaper

    # The citizen finds the procedure by typing its name without diacritics.
    page.goto(base_url + reverse("procedures:list"))
    page.get_by_label("Tên hoặc mã thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).first.click()
    page.wait_for_url("**" + reverse("procedures:detail", args=[BIRTH_REGISTRATION]))
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_url("**" + reverse("submission:start", args=[BIRTH_REGISTRATION]))
    agency = page.get_by_label("Cơ quan tiếp nhận")
    if agency.count():  # several wards receive it: choose the citizen's own
        agency.select_option(label=ward.name)
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/to-khai/")

    # Step 1: the applicant comes from the account; the declaration is typed.
    assert page.locator("[name$='full_name']").first.input_value() == CITIZEN["full_name"]
    page.locator("[name$='address']").first.fill("24 Lý Thường Kiệt, phường Thuận Hóa, thành phố Huế")
    declaration = {
        "nguoi_yeu_cau__ho_ten": CITIZEN["full_name"],
        "nguoi_yeu_cau__so_dinh_danh": CITIZEN["citizen_id"],
        "nguoi_yeu_cau__dien_thoai": CITIZEN["phone"],
        "nguoi_yeu_cau__quan_he": "mẹ",
        "tre__ho_ten": "Lê Minh An",
        "tre__ngay_sinh": "2026-11-02",
        "tre__noi_sinh": "Bệnh viện Trung ương Huế",
        "tre__dan_toc": "Kinh",
        "tre__quoc_tich": "Việt Nam",
        "me__ho_ten": CITIZEN["full_name"],
        "me__so_dinh_danh": CITIZEN["citizen_id"],
        "me__ngay_sinh": "1995-03-14",
    }
    for name, value in declaration.items():
        page.locator(f"[name$='{name}']").fill(value)
    page.locator("[name$='tre__gioi_tinh']").select_option(label="Nam")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url("**/giay-to/")

    # Step 2: one file per required paper.
    files = {"TK": "to-khai.pdf", "GCS": "giay-chung-sinh.png", "GTTT": "can-cuoc.pdf"}
    required = RequiredPaper.objects.filter(version__procedure__national_code=BIRTH_REGISTRATION)
    for code, file_name in files.items():
        paper = required.filter(code=code).order_by("-version__number").first()
        page.get_by_label(f"Chọn tệp — {paper.name}").set_input_files(str(papers[file_name]))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url("**/kiem-tra/")

    # Step 3: review, pledge, submit.
    assert page.get_by_text("Lê Minh An").first.is_visible()
    for file_name in files.values():
        assert page.get_by_text(file_name).first.is_visible()
    page.locator("[name='pledge']").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/nop-ho-so/xong/**")
    code = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.get_by_text(code).first.is_visible()
    return code


def officer_page(browser_context_factory, base_url: str, username: str):
    """A browser signed in as a demo officer through the sign-in form."""
    page = browser_context_factory(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base_url + reverse("accounts:login"))
    page.get_by_label("Số định danh cá nhân, thư điện tử, số điện thoại hoặc tên đăng nhập").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Đăng xuất").is_visible(), f"{username} signed in"
    return page


def act(page, base_url: str, code: str, action: str, *, result: Path | None = None) -> None:
    """Take the action named ``action`` on the dossier page (its own small form), optionally with a file."""
    page.goto(base_url + reverse("dossiers:detail", args=[code]))
    form = page.locator("form", has=page.get_by_role("button", name=action, exact=True))
    if result is not None:
        form.locator("input[type=file]").set_input_files(str(result))
    form.get_by_role("button", name=action, exact=True).click()
    page.wait_for_load_state()
    done = page.get_by_text("Đã thực hiện thao tác")
    assert done.is_visible(), f"{action}: {page.locator('main').inner_text()[:400]}"


def test_citizen_registers_submits_and_gets_the_result_processed_by_the_ward(
    browser_context_factory, live_server, province, papers
) -> None:
    from egov.dossiers.models import Dossier, DossierFile
    from egov.feedback.models import Rating

    base = live_server.url
    citizen = browser_context_factory(viewport={"width": 1280, "height": 900}).new_page()
    register(citizen, base)
    code = submit_birth_registration(citizen, base, province, papers)

    dossier = Dossier.objects.get(code=code)
    assert (dossier.channel, dossier.national_status, dossier.agency_id) == ("online", 1, province.pk)
    assert dossier.owner.citizen_id == CITIZEN["citizen_id"]
    assert sorted(dossier.files.values_list("name", flat=True)) == [
        "can-cuoc.pdf",
        "giay-chung-sinh.png",
        "to-khai.pdf",
    ]

    # The ward's one-stop officer finds it under "Mới" in the inbox and accepts it from its page.
    receiver = officer_page(browser_context_factory, base, "xa.tiepnhan")
    receiver.goto(base + reverse("dossiers:inbox") + "?tab=new")
    receiver.get_by_role("link", name=code).click()
    receiver.wait_for_url("**" + reverse("dossiers:detail", args=[code]))
    receiver.get_by_role("button", name="Tiếp nhận hồ sơ", exact=True).click()
    receiver.wait_for_load_state()
    assert receiver.get_by_text("Đã tiếp nhận hồ sơ trực tuyến").is_visible()
    dossier.refresh_from_db()
    assert dossier.national_status == 2

    act(receiver, base, code, "Tiếp nhận, chuyển xử lý")
    act(officer_page(browser_context_factory, base, "xa.chuyenvien"), base, code, "Trình lãnh đạo ký")
    chair = officer_page(browser_context_factory, base, "xa.chutich")
    act(chair, base, code, "Ký duyệt kết quả", result=papers["giay-khai-sinh.pdf"])
    act(receiver, base, code, "Trả kết quả cho công dân")
    dossier.refresh_from_db()
    assert dossier.national_status == 10
    result = dossier.files.get(kind=DossierFile.Kind.RESULT)
    assert result.name == "giay-khai-sinh.pdf"

    # The citizen sees the result in "Hồ sơ của tôi", downloads it and rates the service.
    citizen.goto(base + reverse("my:list") + "?tinh-trang=tat-ca")
    card = citizen.locator("li", has=citizen.get_by_text(code))
    card.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    citizen.wait_for_url("**" + reverse("my:detail", args=[code]))
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="giay-khai-sinh.pdf").click()
    assert Path(download.value.path()).read_bytes() == RESULT
    citizen.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    citizen.get_by_label("Rất hài lòng").check()
    citizen.get_by_label("Góp ý (không bắt buộc)").fill("Nhận kết quả nhanh, không phải đi lại.")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_load_state()
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.level, rating.rated_by_id) == (Rating.Level.VERY_SATISFIED, dossier.owner_id)

    # Anyone finds it: through the footer link by its code, and by the address its QR carries.
    visitor = browser_context_factory(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    visitor.goto(base + "/")
    visitor.get_by_role("contentinfo").get_by_role("link", name="Tra cứu hồ sơ").click()
    visitor.get_by_label("Mã hồ sơ").fill(code.lower())
    visitor.get_by_role("button", name="Tra cứu").click()
    visitor.wait_for_url("**" + reverse("dossier_lookup:detail", args=[code]))
    assert visitor.get_by_text("Đã trả kết quả").first.is_visible()
    assert CITIZEN["full_name"] not in visitor.content()
    visitor.goto(base + reverse("dossier_lookup:search"))
    visitor.get_by_label("Mã hồ sơ").fill(f"https://dichvucong.hue.gov.vn/tra-cuu/{code}/")
    visitor.get_by_role("button", name="Tra cứu").click()
    visitor.wait_for_url("**" + reverse("dossier_lookup:detail", args=[code]))


def test_the_same_submission_works_with_javascript_switched_off(
    browser_context_factory, live_server, province, papers
) -> None:
    from egov.dossiers.models import Dossier
    from tests.accounts.factories import make_citizen

    user = make_citizen(
        full_name=CITIZEN["full_name"],
        citizen_id=CITIZEN["citizen_id"],
        email=CITIZEN["email"],
        phone=CITIZEN["phone"],
    )
    context = browser_context_factory(java_script_enabled=False, viewport={"width": 360, "height": 740})
    sign_in_context(context, user, live_server.url)
    page = context.new_page()
    code = submit_birth_registration(page, live_server.url, province, papers)
    dossier = Dossier.objects.get(code=code)
    assert (dossier.owner_id, dossier.channel, dossier.national_status) == (user.pk, "online", 1)
    assert dossier.files.count() == 3
