"""A small client of ClamAV's daemon (clamd) speaking its INSTREAM protocol, over TCP or a unix socket.

``EGOV_CLAMD_URL`` says where clamd listens: ``tcp://127.0.0.1:3310`` or ``unix:///run/clamav/clamd.ctl``;
empty (the default) means no scanning. The protocol (clamd(8)): the command ``zINSTREAM\\0``, then the
file in chunks, each preceded by its length as a 4-byte big-endian integer, then a zero-length chunk;
clamd answers one NUL-terminated line, ``stream: OK`` or ``stream: <signature> FOUND`` (or an error,
such as ``INSTREAM size limit exceeded. ERROR``).

A configured clamd that cannot be reached or answers with an error raises `AntivirusUnavailable`: the
caller refuses the file rather than accept it unscanned.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

CHUNK_BYTES = 64 * 1024
DEFAULT_TIMEOUT_SECONDS = 30.0
MAX_REPLY_BYTES = 4096


class AntivirusUnavailable(Exception):
    """clamd is configured but could not scan (unreachable, timed out, or answered with an error)."""


@dataclass(frozen=True)
class Verdict:
    """What clamd said of one file: clean, or infected with ``signature``."""

    clean: bool
    signature: str = ""


@dataclass(frozen=True)
class Address:
    family: int
    target: str | tuple[str, int]


def parse_url(url: str) -> Address:
    """``tcp://host:port`` or ``unix:///path`` as a socket address; ValueError for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme == "tcp":
        if not parts.hostname or parts.port is None:
            raise ValueError(f"EGOV_CLAMD_URL {url!r} needs a host and a port, e.g. tcp://127.0.0.1:3310")
        family = socket.AF_INET6 if ":" in parts.hostname else socket.AF_INET
        return Address(family, (parts.hostname, parts.port))
    if parts.scheme == "unix":
        path = (parts.netloc + parts.path) if parts.netloc else parts.path
        if not path:
            raise ValueError(f"EGOV_CLAMD_URL {url!r} needs a socket path, e.g. unix:///run/clamav/clamd.ctl")
        return Address(socket.AF_UNIX, path)
    raise ValueError(f"EGOV_CLAMD_URL {url!r} must start with tcp:// or unix://")


def configured_url() -> str:
    return str(getattr(settings, "EGOV_CLAMD_URL", "") or "").strip()


def is_configured() -> bool:
    """Whether uploads are to be scanned (``EGOV_CLAMD_URL`` set)."""
    return bool(configured_url())


def parse_reply(reply: str) -> Verdict:
    """clamd's answer to INSTREAM as a verdict; an error answer raises `AntivirusUnavailable`."""
    text = reply.strip().rstrip("\0").strip()
    body = text.split(":", 1)[1].strip() if text.startswith("stream:") else text
    if body == "OK":
        return Verdict(clean=True)
    if body.endswith(" FOUND"):
        return Verdict(clean=False, signature=body[: -len(" FOUND")].strip())
    raise AntivirusUnavailable(f"clamd answered {text!r}")


def scan(content: bytes, *, url: str | None = None, timeout: float | None = None) -> Verdict:
    """Scan ``content`` with clamd at ``url`` (default ``EGOV_CLAMD_URL``)."""
    target = url if url is not None else configured_url()
    if not target:
        raise AntivirusUnavailable("EGOV_CLAMD_URL is not set")
    address = parse_url(target)
    seconds = (
        timeout
        if timeout is not None
        else float(getattr(settings, "EGOV_CLAMD_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    )
    try:
        with socket.socket(address.family, socket.SOCK_STREAM) as connection:
            connection.settimeout(seconds)
            connection.connect(address.target)
            connection.sendall(b"zINSTREAM\0")
            view = memoryview(content)
            for start in range(0, len(content), CHUNK_BYTES):
                chunk = view[start : start + CHUNK_BYTES]
                connection.sendall(struct.pack(">I", len(chunk)) + bytes(chunk))
            connection.sendall(struct.pack(">I", 0))
            reply = _read_reply(connection)
    except OSError as error:  # refused, reset, timed out, no such socket
        raise AntivirusUnavailable(f"clamd at {target} could not be reached: {error}") from error
    return parse_reply(reply.decode("utf-8", "replace"))


def _read_reply(connection: socket.socket) -> bytes:
    received = b""
    while b"\0" not in received and len(received) < MAX_REPLY_BYTES:
        data = connection.recv(1024)
        if not data:
            break
        received += data
    if not received:
        raise AntivirusUnavailable("clamd closed the connection without an answer")
    return received.split(b"\0", 1)[0]
