"""A loopback HTTP server that answers every request with one canned response, and the
socket-level faults (DNS failure, connect timeout) the server cannot produce itself.

Providers' host names are mapped to the server: ``getaddrinfo`` answers ``*.test`` hosts
with 127.0.0.1 (or fails, for the DNS fault) and refuses every other name, so nothing here
can reach a real resolver or the network.
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import urllib3.util.connection

FAKE_DOMAIN = ".test"
_real_getaddrinfo = socket.getaddrinfo


@dataclass
class Canned:
    """What the server answers: a status, a body, a delay before answering, and whether the
    body is cut off (a ``Content-Length`` longer than what is sent, then the socket closes)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/csv"
    delay_s: float = 0.0
    truncate: bool = False
    paths: list[str] = field(default_factory=list)


class CannedServer:
    """``with CannedServer() as server: server.canned = Canned(...)``; ``server.port``."""

    def __init__(self) -> None:
        self.canned = Canned()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                canned = outer.canned
                canned.paths.append(self.path)
                if canned.delay_s:
                    time.sleep(canned.delay_s)
                body = canned.body
                self.send_response(canned.status)
                self.send_header("Content-Type", canned.content_type)
                self.send_header("Content-Length", str(len(body) + (1000 if canned.truncate else 0)))
                self.end_headers()
                try:
                    self.wfile.write(body[: len(body) // 2] if canned.truncate else body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a read timeout): nothing to answer
                if canned.truncate:
                    self.close_connection = True

            def log_message(self, *_args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, host: str, path: str = "") -> str:
        return f"http://{host}{FAKE_DOMAIN}:{self.port}{path}"

    def __enter__(self) -> CannedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def route_fake_hosts(monkeypatch, dns_fails: bool = False) -> None:
    """``*.test`` resolves to loopback (or, with ``dns_fails``, does not resolve at all, as
    when a resolver is down); any other name fails, so nothing can leave this machine."""

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in ("127.0.0.1", "localhost", "::1"):
            return _real_getaddrinfo(host, port, *args, **kwargs)
        if name.endswith(FAKE_DOMAIN) and not dns_fails:
            return _real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def connect_times_out(monkeypatch) -> None:
    """Every new connection times out before the TCP handshake completes (requests goes
    through urllib3's ``create_connection``, urllib and http.client through the socket one)."""

    def create_connection(*_args, **_kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    monkeypatch.setattr(socket, "create_connection", create_connection)
