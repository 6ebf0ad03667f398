"""The demo procedure catalogue's readable source: processes, e-forms, commune- and province-level
procedures. ``python -m egov.procedures.demo_catalogue.build`` writes ``procedures/data/demo_catalogue.json``,
which the demo imports (see docs/thu-tuc-hanh-chinh-mau.md for sources and simplifications)."""
