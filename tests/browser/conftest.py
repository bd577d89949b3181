"""A real Streamlit server on a free port and headless Debian Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_TIMEOUT_S = 60


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return candidate if Path(candidate).exists() else shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(script: Path, port: int, env_extra: dict[str, str], args: list[str] = ()) -> subprocess.Popen:
    env = {**os.environ, **env_extra}
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--", *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    prefix = env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
    health = f"http://127.0.0.1:{port}/{prefix + '/' if prefix else ''}_stcore/health"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(health, timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    raise RuntimeError(f"streamlit did not start on port {port}:\n{output[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def demo_app(tmp_path_factory, script: str = "app.py", prefix: str = "", **env: str):
    """The app on demo data with its own cache directory, on a free port; yields its base URL
    (``prefix``: served under that path, as behind the proxy). ``env``: more settings."""
    port = free_port()
    proc = start_server(ROOT / script, port, {
        "DASHBOARD_SOURCE": "demo", "MARKET_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
        **({"STREAMLIT_SERVER_BASE_URL_PATH": prefix} if prefix else {}), **env,
    })
    try:
        yield f"http://127.0.0.1:{port}" + (f"/{prefix}" if prefix else "")
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    with demo_app(tmp_path_factory) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()
