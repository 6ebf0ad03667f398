"""Official one-stop paperwork (Thông tư 03/2025/TT-VPCP forms) built from real dossiers."""
