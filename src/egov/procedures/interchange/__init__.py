"""The procedure catalogue in and out: the interchange format "egov.procedures/1" as JSON and Excel.

``columns`` (every column of every table), ``document`` (frozen dataclasses, JSON), ``excel``
(workbook), ``checks`` (the import rules), ``importer`` (all-or-nothing write), ``exporter``
(database → document), ``report`` (what an import did or why it was refused). The user guide is
docs/thu-tuc-nhap-xuat.md.
"""
