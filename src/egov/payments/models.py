"""Payments of fees and charges (phí, lệ phí) for dossiers."""
