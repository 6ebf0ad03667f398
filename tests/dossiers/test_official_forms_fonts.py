"""`egov doctor` names the font package the official forms need when no Times-metric serif has Vietnamese."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from egov.core.management.commands import doctor


def fc_list_answering(families: str) -> Any:
    def run(*args: Any, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args=args, returncode=0, stdout=families, stderr="")

    return run


def test_machine_with_only_sans_fonts_is_told_to_install_liberation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor.subprocess, "run", fc_list_answering("DejaVu Sans\nDejaVu Serif\n"))
    commands = [command for _, command in doctor.missing_system_parts()]
    assert "sudo apt-get install -y fonts-liberation2" in commands


@pytest.mark.parametrize("family", ["Liberation Serif", "Tinos", "DejaVu Serif,Times New Roman"])
def test_any_times_metric_serif_with_vietnamese_satisfies_the_forms(
    monkeypatch: pytest.MonkeyPatch, family: str
) -> None:
    monkeypatch.setattr(doctor.subprocess, "run", fc_list_answering(f"DejaVu Sans\n{family}\n"))
    assert doctor.APT_FORM_SERIF not in [command for _, command in doctor.missing_system_parts()]


def test_this_machine_has_the_serif_the_forms_use() -> None:
    assert doctor.APT_FORM_SERIF not in [command for _, command in doctor.missing_system_parts()]
