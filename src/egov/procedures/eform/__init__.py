"""A procedure's e-form (tờ khai điện tử): a bounded subset of JSON Schema (draft 2020-12) that
catalogue editors write, rendered as a Django form that works without JavaScript and validated with
`jsonschema`, with Vietnamese messages beside each field.

    problems = check_schema(version.eform_schema)          # before publishing
    form = build_form(schema, request.POST)                 # or build_form(schema, initial=document)
    if form.is_valid():
        document = form.cleaned_document()
    errors = validate_document(schema, document)            # a document from elsewhere (API)
"""

from egov.procedures.eform.forms import EformForm, build_form
from egov.procedures.eform.schema import parse, with_property_order
from egov.procedures.eform.subset import EformSchemaInvalid, Problem, check_schema, require_valid_schema
from egov.procedures.eform.summary import Line, summarize
from egov.procedures.eform.validation import validate_document

__all__ = [
    "EformForm",
    "EformSchemaInvalid",
    "Line",
    "Problem",
    "build_form",
    "check_schema",
    "parse",
    "require_valid_schema",
    "summarize",
    "validate_document",
    "with_property_order",
]
