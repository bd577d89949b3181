"""The deployment files hold what the README promises. No Docker daemon runs here (images are
built elsewhere), so the Dockerfile, compose.yaml and the workflow are checked as text."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
SECRET_WORDS = re.compile(r"(KEY|SECRET|TOKEN|PASSWORD)", re.I)


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def instructions(name: str) -> list[str]:
    return [args for word, args in dockerfile() if word == name]


def test_slim_python_base_matching_the_project():
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.11[\w.-]*-slim[\w.-]*", base), base


def test_pinned_requirements_installed_before_the_code():
    runs = instructions("RUN")
    assert any("pip install --no-cache-dir -r requirements.txt" in r for r in runs)
    copies = instructions("COPY")
    assert copies[0] == "requirements.txt ."  # the dependency layer is cached apart from the code
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line.strip()), f"unpinned: {line}"


def test_runs_as_a_non_root_user():
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")
    order = [word for word, _ in dockerfile()]
    assert order.index("USER") > max(i for i, w in enumerate(order) if w == "RUN")


def test_healthcheck_asks_streamlit_health_on_the_configured_port():
    (check,) = instructions("HEALTHCHECK")
    assert "_stcore/health" in check and "PORT" in check and "STREAMLIT_SERVER_BASE_URL_PATH" in check
    assert re.search(r"--interval=\d+s", check) and re.search(r"--timeout=\d+s", check)


def test_port_comes_from_the_environment():
    (cmd,) = instructions("CMD")
    assert '--server.port=\\"${PORT}\\"' in cmd and "exec python -m streamlit run serve.py" in cmd
    assert any(args.split("=")[0] == "PORT" or " PORT=" in f" {args}" for args in instructions("ENV"))


def test_no_secret_is_baked_in():
    for word, args in dockerfile():
        if word in ("ENV", "ARG", "LABEL"):
            names = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", args) or [args.split()[0]]
            assert not any(SECRET_WORDS.search(n) for n in names), f"{word} {args}"
        if word in ("COPY", "ADD"):
            assert "secrets.toml" not in args and ".env" not in args and not args.startswith(". ")
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".streamlit/secrets.toml", ".env", ".git", ".venv"} <= set(ignored)


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_has_the_app_an_s3_store_and_the_refresh_job():
    services = compose()["services"]
    assert {"app", "minio", "create-bucket", "refresh", "proxy"} <= set(services)
    app, job = services["app"], services["refresh"]
    for service in (app, job):
        env = service["environment"]
        assert env["MARKET_STORE_URL"].startswith("s3://") and env["AWS_ENDPOINT_URL"] == "http://minio:9000"
        assert service["build"] == "."
        assert service["depends_on"]["create-bucket"]["condition"] == "service_completed_successfully"
    assert job["command"][:5] == ["python", "-m", "analytics", "refresh", "--all"]
    assert app["environment"]["DASHBOARD_SOURCE"] == "cache"  # pages read the store, never Yahoo
    assert app["deploy"]["replicas"] >= 2
    assert app["environment"]["STREAMLIT_SERVER_BASE_URL_PATH"] == "dashboard"
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in app["environment"]


def test_compose_has_the_watch_job_with_alert_settings_from_the_environment():
    services = compose()["services"]
    watch = services["watch"]
    assert watch["command"][:4] == ["python", "-m", "analytics", "watch"]
    for service in (watch, services["refresh"]):
        env = service["environment"]
        assert env["ALERT_URLS"].startswith("${") and env["MARKET_STORE_URL"].startswith("s3://")
        assert "DASHBOARD_URL" in env


def test_compose_keeps_secrets_out_of_the_file():
    for name, service in compose()["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_WORDS.search(key):
                assert str(value).startswith("${"), f"{name}.{key} is written in the file"


def test_proxy_serves_the_path_prefix_with_sticky_replicas():
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "handle /dashboard*" in caddy and "dynamic a app 8501" in caddy and "lb_policy cookie" in caddy
    # A replica gone: marked down and the request tried on another (tests/browser/test_replicas_browser.py).
    assert re.search(r"lb_try_duration \d+s", caddy) and re.search(r"fail_duration \d+s", caddy)
    volumes = compose()["services"]["proxy"]["volumes"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in volumes


def test_caddy_accepts_the_deployed_caddyfile():
    import shutil
    import subprocess

    import pytest

    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy not installed (apt-get install caddy)")
    run = subprocess.run([caddy, "adapt", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr[-1000:]
    assert '"selection_policy":{"name":"dashboard_replica","policy":"cookie"}' in run.stdout


def test_ci_installs_chromium_and_caddy_when_missing():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "command -v caddy" in ci and "command -v chromium" in ci and "apt-get install" in ci


def test_refresh_workflow_is_disabled_by_default():
    path = ROOT / ".github" / "workflows" / "refresh.yml"
    workflow = yaml.safe_load(path.read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert set(triggers) == {"workflow_dispatch"}
    assert "# schedule:" in path.read_text()
    steps = workflow["jobs"]["refresh"]["steps"]
    run = [s["run"] for s in steps if "run" in s][-1]
    assert run.startswith("python -m analytics refresh --all")
    env = [s for s in steps if "run" in s][-1]["env"]
    for key, value in env.items():
        if SECRET_WORDS.search(key):
            assert value.startswith("${{ secrets."), key


def test_streamlit_config_keeps_xsrf_on_and_leaves_secrets_to_the_environment():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert "cookieSecret" not in config["server"] and "baseUrlPath" not in config["server"]
    text = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in text and "STREAMLIT_SERVER_BASE_URL_PATH" in text
