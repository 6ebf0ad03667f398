"""The blocks every one-stop form starts with: the issuing agency and the applicant."""

from __future__ import annotations

from egov.dossiers.models import Dossier
from egov.dossiers.official_forms import data
from egov.organizations.models import Agency


def issuing_agency(agency: Agency) -> data.IssuingAgency:
    """The agency block of a form: the governing body above, the agency below, the place name of the
    place-and-date line."""
    parent = agency.parent
    return data.IssuingAgency(
        name=agency.name,
        parent_name=parent.name if parent is not None else "",
        place=agency.administrative_unit.name if agency.administrative_unit_id else "",
        phone=agency.phone,
    )


def applicant(dossier: Dossier) -> data.Applicant:
    """The person or organisation the dossier belongs to, as printed on the forms."""
    return data.Applicant(
        name=dossier.applicant_name,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )
