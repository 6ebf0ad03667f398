"""Demo catalogue: the procedures of the demo province, loaded by `egov demo`.

``load_demo_catalogue()`` imports ``data/demo_catalogue.json`` (format "egov.procedures/1", see
docs/thu-tuc-nhap-xuat.md) through the ordinary all-or-nothing import, once: when the catalogue
already holds procedures it writes nothing. The demo agencies must exist first (the file names
agencies by electronic identifier).
"""

from __future__ import annotations

from pathlib import Path

from egov.procedures.interchange.importer import import_catalogue, read_file
from egov.procedures.models import Procedure

DEMO_CATALOGUE = Path(__file__).resolve().parent / "data" / "demo_catalogue.json"


def load_demo_catalogue(path: Path | None = None) -> int:
    """Import the demo catalogue if the catalogue is empty; return the number of procedures held.

    Raises ``ImportRefused`` (listing every problem) if the demo file does not import: a broken demo
    catalogue is a bug to fix in the file, not something to load half of.
    """
    if Procedure.objects.exists():
        return Procedure.objects.count()
    path = DEMO_CATALOGUE if path is None else path
    if not path.is_file():
        return 0
    document, problems = read_file(path)
    import_catalogue(document=document, problems=problems)
    return Procedure.objects.count()
