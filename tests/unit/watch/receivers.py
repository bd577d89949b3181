"""Loopback receivers for alert tests: a JSON webhook (apprise's ``json://``) and an SMTP
server (aiosmtpd, apprise's ``mailto://``), both on 127.0.0.1 only."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A loopback port with nothing listening (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Webhook:
    """A tiny HTTP server that keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.paths: list[str] = []
        received, paths = self.received, self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append(json.loads(body))
                paths.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):  # quiet: tests read the bodies, not a log
                pass

        self.server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Webhook:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """An aiosmtpd server on loopback keeping each message's text."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.messages: list[str] = []
        messages = self.messages

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                messages.append(envelope.content.decode("utf-8", "replace"))
                return "250 OK"

        self.logins: list[bytes] = []

        def accept(server, session, envelope, mechanism, auth_data):
            # Any login is accepted (the test checks the password never shows, not the login);
            # over loopback without TLS, which only a test server allows.
            self.logins.append(auth_data.login)
            return AuthResult(success=True)

        self.port = free_port()
        self.controller = Controller(Handler(), hostname=LOOPBACK, port=self.port, authenticator=accept,
                                     auth_require_tls=False)

    def __enter__(self) -> Mailbox:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
