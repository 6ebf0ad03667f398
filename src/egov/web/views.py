"""Public pages of the portal and the error pages."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _

from egov.web.navigation import first_reversible

logger = logging.getLogger(__name__)

# The portal's services: (title, description, candidate URL names). A service whose app has no
# page yet is shown as a "sắp có" card without a link, so the home page never links to a 404.
SERVICES = (
    (
        _("Thủ tục hành chính"),
        _("Tra cứu danh mục thủ tục, thành phần hồ sơ, thời hạn giải quyết và phí, lệ phí."),
        ("procedures:index", "procedures:list"),
    ),
    (
        _("Nộp hồ sơ trực tuyến"),
        _("Chọn thủ tục, khai tờ khai điện tử, đính kèm giấy tờ và nộp; hồ sơ khai dở được lưu nháp."),
        ("submission:drafts",),
    ),
    (
        _("Hồ sơ của tôi"),
        _("Theo dõi hồ sơ đã nộp, bổ sung giấy tờ, nộp phí, tải kết quả và đánh giá sự hài lòng."),
        ("my:list",),
    ),
    (
        _("Tra cứu hồ sơ"),
        _("Theo dõi tình trạng giải quyết hồ sơ bằng mã hồ sơ trên giấy tiếp nhận."),
        ("dossier_lookup:search",),
    ),
    (
        _("Cơ quan, đơn vị"),
        _("Danh bạ các cơ quan hành chính, mã định danh điện tử và thông tin liên hệ."),
        ("organizations:index", "organizations:list", "organizations:agency_list"),
    ),
    (
        _("Báo cáo, thống kê"),
        _("Chỉ số chất lượng phục vụ người dân, doanh nghiệp theo Quyết định 766/QĐ-TTg."),
        ("indicators:index", "indicators:dashboard"),
    ),
)


def home(request: HttpRequest) -> HttpResponse:
    services = [
        {"title": title, "description": description, "url": first_reversible(names)}
        for title, description, names in SERVICES
    ]
    memberships = []
    if request.user.is_authenticated:
        from egov.organizations.selectors import memberships_of

        memberships = list(memberships_of(request.user))
    return render(request, "web/home.html", {"services": services, "memberships": memberships})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: rendered without a request context (no context processors, no database), so it
    still shows when the error is the database itself."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
