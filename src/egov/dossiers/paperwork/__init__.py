"""Official papers of a dossier built from its stored rows (forms 01–07 of Thông tư 03/2025/TT-VPCP):
`heading` (agency and applicant blocks), `notices` (02–05), `control` (06), `register` (07)."""
