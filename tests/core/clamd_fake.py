"""A local stand-in for ClamAV's daemon speaking the real INSTREAM wire format, served from a thread
over TCP or a unix socket: ``zINSTREAM\\0``, chunks each preceded by a 4-byte big-endian length, a
zero-length chunk to end; the reply ``stream: OK\\0`` or ``stream: Eicar-Signature FOUND\\0``."""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The EICAR anti-virus test file (harmless; every scanner reports it).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _read_exact(stream, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            raise ConnectionError("stream ended early")
        data += more
    return data


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server = self.server
        command = b""
        while not command.endswith(b"\0"):
            byte = self.rfile.read(1)
            if not byte:
                return
            command += byte
        server.commands.append(command)  # type: ignore[attr-defined]
        if command != b"zINSTREAM\0":
            self.wfile.write(b"UNKNOWN COMMAND\0")
            return
        content = b""
        chunks = 0
        while True:
            (length,) = struct.unpack(">I", _read_exact(self.rfile, 4))
            if length == 0:
                break
            chunks += 1
            content += _read_exact(self.rfile, length)
        server.scanned.append(content)  # type: ignore[attr-defined]
        server.chunks.append(chunks)  # type: ignore[attr-defined]
        if EICAR in content:
            self.wfile.write(b"stream: Eicar-Signature FOUND\0")
        else:
            self.wfile.write(b"stream: OK\0")


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


@contextmanager
def fake_clamd(unix_path: Path | None = None) -> Iterator[socketserver.BaseServer]:
    """A running fake clamd; its ``url`` attribute is what EGOV_CLAMD_URL should say, ``scanned``
    lists the contents it received."""
    if unix_path is None:
        server: socketserver.BaseServer = _TCPServer(("127.0.0.1", 0), _Handler)
        host, port = server.server_address[:2]  # type: ignore[misc]
        server.url = f"tcp://{host}:{port}"  # type: ignore[attr-defined]
    else:
        server = _UnixServer(str(unix_path), _Handler)
        server.url = f"unix://{unix_path}"  # type: ignore[attr-defined]
    server.scanned = []  # type: ignore[attr-defined]
    server.chunks = []  # type: ignore[attr-defined]
    server.commands = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def unused_tcp_url() -> str:
    """A tcp:// address where nothing listens (a port taken and released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
