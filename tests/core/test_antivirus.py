"""The clamd client against a local fake clamd speaking the real INSTREAM wire format, and the hook
in dossiers.files.check_uploads: infected files refused, nothing accepted unscanned."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.test import override_settings

from egov.core import antivirus
from egov.core.errors import ValidationFailed
from egov.dossiers import files
from tests.core.clamd_fake import EICAR, fake_clamd, unused_tcp_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_clean_file_is_ok_over_tcp():
    with fake_clamd() as clamd:
        verdict = antivirus.scan(PDF, url=clamd.url)
    assert verdict == antivirus.Verdict(clean=True)
    assert clamd.commands == [b"zINSTREAM\0"]
    assert clamd.scanned == [PDF]


def test_the_eicar_test_file_is_found_over_a_unix_socket():
    with tempfile.TemporaryDirectory() as folder, fake_clamd(Path(folder) / "clamd.ctl") as clamd:
        verdict = antivirus.scan(EICAR, url=clamd.url)
    assert verdict == antivirus.Verdict(clean=False, signature="Eicar-Signature")


def test_a_large_file_is_sent_in_several_chunks_and_arrives_whole():
    content = PDF + bytes(range(256)) * 1000  # ~256 kB: five 64 kB chunks
    with fake_clamd() as clamd:
        assert antivirus.scan(content, url=clamd.url).clean
    assert clamd.scanned == [content]
    assert clamd.chunks == [-(-len(content) // antivirus.CHUNK_BYTES)]


def test_nobody_listening_is_unavailable_not_clean():
    with pytest.raises(antivirus.AntivirusUnavailable):
        antivirus.scan(PDF, url=unused_tcp_url(), timeout=5)


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("stream: OK", antivirus.Verdict(clean=True)),
        ("stream: OK\0", antivirus.Verdict(clean=True)),
        ("stream: Win.Test.EICAR_HDB-1 FOUND", antivirus.Verdict(False, "Win.Test.EICAR_HDB-1")),
    ],
)
def test_replies_are_read_as_verdicts(reply, verdict):
    assert antivirus.parse_reply(reply) == verdict


def test_an_error_reply_is_unavailable():
    with pytest.raises(antivirus.AntivirusUnavailable):
        antivirus.parse_reply("INSTREAM size limit exceeded. ERROR")


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("tcp://127.0.0.1:3310", ("127.0.0.1", 3310)),
        ("unix:///run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
    ],
)
def test_clamd_urls(url, target):
    assert antivirus.parse_url(url).target == target


@pytest.mark.parametrize("url", ["http://127.0.0.1:3310", "tcp://127.0.0.1", "unix://"])
def test_bad_clamd_urls_are_refused(url):
    with pytest.raises(ValueError):
        antivirus.parse_url(url)


def test_uploads_are_not_scanned_when_clamd_is_not_configured():
    with override_settings(EGOV_CLAMD_URL=""):
        assert not antivirus.is_configured()
        checked = files.check_uploads([files.Upload("a.pdf", PDF)])
    assert [item.content_type for item in checked] == ["application/pdf"]


def test_check_uploads_refuses_eicar_with_a_vietnamese_message():
    with (
        fake_clamd() as clamd,
        override_settings(EGOV_CLAMD_URL=clamd.url),
        pytest.raises(ValidationFailed) as caught,
    ):
        files.check_uploads([files.Upload("sach.pdf", PDF), files.Upload("hoa-don.pdf", EICAR)])
    assert (caught.value.code, caught.value.field) == ("dossier.file_infected", "files")
    assert "hoa-don.pdf" in caught.value.message_vi and "mã độc" in caught.value.message_vi
    assert clamd.scanned == [PDF, EICAR]


def test_check_uploads_passes_a_clean_file_after_scanning_it():
    with fake_clamd() as clamd, override_settings(EGOV_CLAMD_URL=clamd.url):
        checked = files.check_uploads([files.Upload("sach.pdf", PDF)])
    assert [item.upload.name for item in checked] == ["sach.pdf"]
    assert clamd.scanned == [PDF]


def test_check_uploads_refuses_every_file_while_clamd_is_unreachable():
    with (
        override_settings(EGOV_CLAMD_URL=unused_tcp_url(), EGOV_CLAMD_TIMEOUT=5),
        pytest.raises(ValidationFailed) as caught,
    ):
        files.check_uploads([files.Upload("sach.pdf", PDF)])
    assert caught.value.code == "dossier.antivirus_unavailable"
    assert caught.value.status == 503
    assert "thử lại" in caught.value.message_vi
