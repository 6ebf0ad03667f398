"""Official one-stop forms 01–07 (Thông tư 03/2025/TT-VPCP, annex I) rendered to PDF with WeasyPrint."""
