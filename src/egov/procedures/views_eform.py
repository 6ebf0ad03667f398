"""The e-form page of a procedure (/thu-tuc/<national_code>/to-khai/): an applicant fills in the
declaration of the version in force and the server checks it, field by field, without JavaScript.

Nothing is stored here: filing the dossier online is the portal's submission (/nop-ho-so/<code>/),
linked from this page.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from egov.procedures import eform, selectors
from egov.procedures.models import Procedure
from egov.procedures.views import submission_url

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "HEAD", "POST"])
def fill_in(request: HttpRequest, national_code: str) -> HttpResponse:
    """GET shows the e-form of the version in force; POST checks it and shows either the errors
    beside the fields or a summary of what was declared."""
    procedure = get_object_or_404(Procedure, national_code=national_code)
    version = selectors.version_in_force(procedure, timezone.now())
    if version is None:
        raise Http404("No version of this procedure is in force.")
    context: dict[str, object] = {
        "procedure": procedure,
        "version": version,
        "document": None,
        "submission_url": submission_url(version),
        "breadcrumbs": [
            (_("Trang chủ"), reverse("web:home")),
            (_("Thủ tục hành chính"), reverse("procedures:list")),
            (version.name, reverse("procedures:detail", args=[procedure.national_code])),
            (_("Tờ khai điện tử"), ""),
        ],
    }
    schema = version.eform_schema or {}
    problems = eform.check_schema(schema)
    if problems:
        logger.error(
            "eform schema of %s v%s is not valid: %s", procedure.national_code, version.number, problems
        )
        context["schema_broken"] = True
    elif schema:
        context["tree"] = eform.parse(schema)
        form = eform.build_form(schema, request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            document = form.cleaned_document()
            context["document"] = document
            context["lines"] = eform.summarize(context["tree"], document)  # type: ignore[arg-type]
        else:
            context["form"] = form
    return render(request, "procedures/eform/page.html", context)
