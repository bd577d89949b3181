"""Caddy in front of local replicas, for the tests and ``make bench``: the one
``deploy/Caddyfile`` of compose.yaml with its listen address and upstreams filled in (never a
second hand-written copy), on a free loopback port, admin endpoint off, nothing written
outside a temporary directory."""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "Caddyfile"
PREFIX = "dashboard"
START_TIMEOUT_S = 20
SITE = re.compile(r"^:8080 \{$", re.M)
UPSTREAMS = re.compile(r"^(\s*)dynamic a app 8501$", re.M)
COOKIE = re.compile(r"lb_policy cookie (\w+)")


def caddy_path() -> str | None:
    return os.environ.get("CADDY") or shutil.which("caddy")


def caddyfile_for(port: int, upstreams: list[str], source: str | None = None) -> str:
    """deploy/Caddyfile listening on 127.0.0.1:``port`` with ``upstreams`` (host:port) in place
    of compose's DNS lookup, the admin endpoint off and no automatic HTTPS."""
    text = source if source is not None else CADDYFILE.read_text()
    assert len(SITE.findall(text)) == 1 and len(UPSTREAMS.findall(text)) == 1, \
        "deploy/Caddyfile changed shape: update tests/browser/caddy.py"
    text = SITE.sub(f"http://127.0.0.1:{port} {{", text)
    text = UPSTREAMS.sub(lambda m: f"{m.group(1)}to {' '.join(upstreams)}", text)
    return "{\n\tadmin off\n\tauto_https off\n}\n" + text


def cookie_name() -> str:
    return COOKIE.search(CADDYFILE.read_text()).group(1)


def cookie_value(upstream: str, secret: str = "") -> str:
    """The sticky cookie's value that names ``upstream`` (Caddy's ``lb_policy cookie``: an
    HMAC-SHA256 of the upstream's address, keyed with the policy's secret, empty here)."""
    return hmac.new(secret.encode(), upstream.encode(), hashlib.sha256).hexdigest()


@dataclass
class Proxy:
    process: subprocess.Popen
    port: int
    upstreams: list[str]
    workdir: tempfile.TemporaryDirectory = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{PREFIX}"

    def replica_of(self, cookie: str) -> str | None:
        """The upstream a sticky cookie's value names."""
        return next((u for u in self.upstreams if cookie_value(u) == cookie), None)

    def log(self) -> str:
        return (Path(self.workdir.name) / "caddy.log").read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.workdir.cleanup()


def start_proxy(port: int, upstreams: list[str]) -> Proxy:
    """Caddy on 127.0.0.1:``port`` in front of ``upstreams``; returns once it answers."""
    binary = caddy_path()
    if binary is None:
        raise RuntimeError("caddy not found: apt-get install caddy (or set CADDY)")
    workdir = tempfile.TemporaryDirectory(prefix="caddy-")
    config = Path(workdir.name) / "Caddyfile"
    config.write_text(caddyfile_for(port, upstreams))
    env = {**os.environ, "HOME": workdir.name, "XDG_CONFIG_HOME": workdir.name, "XDG_DATA_HOME": workdir.name}
    with (Path(workdir.name) / "caddy.log").open("wb") as log:
        proc = subprocess.Popen([binary, "run", "--config", str(config), "--adapter", "caddyfile"],
                                cwd=workdir.name, env=env, stdout=log, stderr=subprocess.STDOUT)
    proxy = Proxy(proc, port, upstreams, workdir)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=2):
                return proxy
        except urllib.error.HTTPError:
            return proxy  # Caddy answers; a replica may still be starting
        except OSError:
            time.sleep(0.1)
    output = proxy.log()
    proxy.stop()
    raise RuntimeError(f"caddy did not start on port {port}:\n{output[-2000:]}")
