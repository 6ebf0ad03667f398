"""The officers' inbox page /ho-so/ (hộp hồ sơ): tabs, filters, sort and pages as GET parameters, so
it works without JavaScript and every view of it has an address (``?tab=overdue&scope=mine&page=2``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts import permissions
from egov.core.calendar_store import get_calendar
from egov.core.vietnamese_dates import written_moment
from egov.dossiers import inbox as selectors
from egov.dossiers.domain.inbox import BadgeKind, DueBadge, Tab

TAB_LABELS = {
    Tab.NEW: gettext_lazy("Mới tiếp nhận"),
    Tab.IN_PROGRESS: gettext_lazy("Đang xử lý"),
    Tab.DUE_SOON: gettext_lazy("Sắp đến hạn"),
    Tab.OVERDUE: gettext_lazy("Quá hạn"),
    Tab.WAITING: gettext_lazy("Chờ công dân bổ sung, nộp nghĩa vụ"),
    Tab.FINISHED: gettext_lazy("Đã kết thúc (30 ngày qua)"),
}
SCOPE_LABELS = {"agency": gettext_lazy("Hồ sơ của đơn vị"), "mine": gettext_lazy("Hồ sơ của tôi")}
SORT_LABELS = {
    "due": gettext_lazy("Hạn xử lý: gần nhất trước"),
    "-due": gettext_lazy("Hạn xử lý: xa nhất trước"),
    "received": gettext_lazy("Ngày tiếp nhận: mới nhất trước"),
}


def badge_text(badge: DueBadge | None) -> str:
    """The badge as text: "quá hạn 2 ngày", "còn 5 giờ", "còn 3 ngày", "chờ công dân"."""
    if badge is None:
        return ""
    if badge.kind == BadgeKind.OVERDUE:
        return _("quá hạn %(days)s ngày") % {"days": badge.amount}
    if badge.kind == BadgeKind.HOURS_LEFT:
        return _("còn %(hours)s giờ") % {"hours": badge.amount}
    if badge.kind == BadgeKind.DAYS_LEFT:
        return _("còn %(days)s ngày") % {"days": badge.amount}
    return _("chờ công dân")


def _url(query: selectors.InboxQuery, **changes: Any) -> str:
    """The inbox address of ``query`` with ``changes`` (the page goes back to 1 unless given)."""
    values = {
        "tab": str(query.tab),
        "scope": query.scope,
        "sort": query.sort,
        "procedure": query.procedure,
        "q": query.text,
        "page": 1,
    }
    values.update(changes)
    kept = {key: value for key, value in values.items() if value not in ("", None) and value != 1}
    base = reverse("dossiers:inbox")
    return f"{base}?{urlencode(kept)}" if kept else base


def _now() -> dt.datetime:
    return timezone.now()


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The dossiers of the officer or of their agencies, in tabs, 25 a page."""
    query = selectors.parse(request.GET)
    calendar = get_calendar()
    result = selectors.inbox(request.user, query, now=_now(), calendar=calendar)
    if not result.agencies and not request.user.is_superuser:
        raise PermissionDenied(_("Bạn không có vai trò xử lý hồ sơ ở cơ quan nào."))
    rows = [
        {
            "dossier": row.dossier,
            "step_name": row.step_name,
            "due_text": written_moment(row.dossier.due_at),
            "badge": badge_text(row.badge),
            "badge_kind": str(row.badge.kind) if row.badge else "",
        }
        for row in result.rows
    ]
    tabs = [
        {
            "code": str(tab),
            "label": TAB_LABELS[tab],
            "count": result.counts[tab],
            "url": _url(query, tab=str(tab)),
            "current": tab == query.tab,
        }
        for tab in TAB_LABELS
    ]
    scopes = [
        {"code": code, "label": label, "url": _url(query, scope=code), "current": code == query.scope}
        for code, label in SCOPE_LABELS.items()
    ]
    return render(
        request,
        "dossiers/inbox.html",
        {
            "query": query,
            "tabs": tabs,
            "scopes": scopes,
            "tab_label": TAB_LABELS[query.tab],
            "rows": rows,
            "page": result.page,
            "agencies": result.agencies,
            "procedures": result.procedures,
            "sorts": list(SORT_LABELS.items()),
            "perms_receive": bool(result.roles & permissions.action("dossiers.receive").roles),
            "perms_statistics": bool(result.roles & permissions.action("dossiers.statistics").roles),
            "due_sort_url": _url(query, sort="-due" if query.sort == "due" else "due"),
            "received_sort_url": _url(query, sort="received"),
        },
    )
