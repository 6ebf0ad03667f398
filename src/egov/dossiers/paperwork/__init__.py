"""Official papers of a dossier built from its stored rows (forms 02–05 of Thông tư 03/2025/TT-VPCP)."""
