"""The QR code printed on form 01: it opens the public lookup page of the dossier.

A PNG (not SVG) so that the PDF carries one raster image whose modules a test, or a scanner, can read
back; `MODULE_PIXELS` pixels per module and the standard four-module quiet zone.
"""

from __future__ import annotations

import segno

MODULE_PIXELS = 8
QUIET_ZONE = 4
ERROR_LEVEL = "m"


def lookup_qr(url: str) -> segno.QRCode:
    """The QR symbol for a lookup URL (error correction M: survives a smudged or creased receipt)."""
    if not url:
        raise ValueError("a lookup URL is required for the QR code")
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def lookup_qr_data_uri(url: str) -> str:
    """A `data:image/png;base64,...` URI of the QR for `url`, ready for an <img src>."""
    return lookup_qr(url).png_data_uri(scale=MODULE_PIXELS, border=QUIET_ZONE)
