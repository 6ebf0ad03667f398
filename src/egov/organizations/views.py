"""Public agency directory: the tree of agencies, search by name without accents, one page per agency."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.organizations import selectors
from egov.organizations.models import Agency

PAGE_SIZE = 50


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên cơ quan, đơn vị"),
        required=False,
        max_length=100,
        help_text=_("Có thể gõ không dấu, ví dụ: so xay dung."),
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *Agency.Kind.choices]
    )


def directory(request: HttpRequest) -> HttpResponse:
    """The tree of active agencies; with a search term, the matching agencies as a paged list."""
    form = DirectorySearchForm(request.GET or None)
    q = kind = ""
    if form.is_bound and form.is_valid():
        q, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    context: dict[str, object] = {
        "form": form,
        "q": q,
        "breadcrumbs": [(_("Trang chủ"), reverse("web:home")), (_("Cơ quan, đơn vị"), "")],
    }
    if q or kind:
        page = Paginator(selectors.agencies(q=q, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(searching=True, page=page, results=page.object_list)
    else:
        context.update(searching=False, tree=selectors.agency_tree())
    return render(request, "organizations/directory.html", context)


def agency_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    """One agency: electronic identifier, the agencies above and below it, its administrative unit."""
    agency = selectors.agency_by_identifier(identifier)
    if agency is None or not agency.is_active:
        raise Http404
    ancestors = agency.ancestors()
    breadcrumbs = [
        (_("Trang chủ"), reverse("web:home")),
        (_("Cơ quan, đơn vị"), reverse("organizations:index")),
    ]
    breadcrumbs += [(a.name, reverse("organizations:agency", args=[a.identifier])) for a in ancestors]
    breadcrumbs.append((agency.name, ""))
    return render(
        request,
        "organizations/agency_detail.html",
        {
            "agency": agency,
            "ancestors": ancestors,
            "children": selectors.children_of(agency),
            "breadcrumbs": breadcrumbs,
        },
    )
