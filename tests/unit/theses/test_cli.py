"""``python -m analytics thesis ...`` run in-process: exit codes, stderr lines, schema, catalogue."""
from __future__ import annotations

import json

import pytest

from analytics.__main__ import run
from analytics.theses.catalogue import CATALOGUE

from .conftest import GOOD, THESES


def test_check_a_good_file(capsys):
    assert run(["thesis", "check", str(THESES[0])]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{THESES[0]}: ok, thesis ") and err == ""


def test_check_every_shipped_file_at_once(capsys):
    assert run(["thesis", "check", *map(str, THESES)]) == 0


def test_check_a_bad_file_prints_one_problem_a_line_prefixed_by_the_name(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("window: ytd}", "window: ytdd}").replace("length: 14", "lenght: 14"))
    assert run(["thesis", "check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}: line 11, claims[0].params.window: 'ytdd' is not one of 1w, 1m, 3m, 6m, 1y, ytd, since:DATE",
        f"{path}: line 23, claims[2].params.lenght: rsi has no parameter 'lenght' (it takes symbol, length, bars)",
    ]


@pytest.mark.parametrize("content", [b"format: !!python/object/apply:os.system ['true']\n", b"\xff\xfe", b"a: [\n"])
def test_check_hostile_files_exit_2_with_one_line(tmp_path, capsys, content):
    path = tmp_path / "up.yaml"
    path.write_bytes(content)
    assert run(["thesis", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith(f"{path}: line ")


def test_check_a_missing_file(tmp_path, capsys):
    assert run(["thesis", "check", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_schema_is_json_with_every_metric(capsys):
    assert run(["thesis", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/") and schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"format", "id", "title", "published", "trade", "claims"}
    claims = schema["properties"]["claims"]
    assert claims["maxItems"] == 100
    union = claims["items"]
    assert union["discriminator"]["propertyName"] == "metric"
    assert set(union["discriminator"]["mapping"]) == set(CATALOGUE)
    window = schema["$defs"]["ReturnParams"]["properties"]["window"]
    assert window["pattern"].startswith("^(1w|1m|3m|6m|1y|ytd|since:")
    assert schema["$defs"]["ReturnParams"]["additionalProperties"] is False
    assert schema["$defs"]["RsiParams"]["properties"]["length"]["default"] == 14


def test_schema_accepts_the_shipped_files_by_its_own_rules(capsys):
    """A light check without a JSON Schema library: every claim's keys and params are in the schema."""
    import yaml

    run(["thesis", "schema"])
    defs = json.loads(capsys.readouterr().out)["$defs"]
    for path in THESES:
        for claim in yaml.safe_load(path.read_text())["claims"]:
            params_model = CATALOGUE[claim["metric"]].__name__
            assert set(claim.get("params", {})) <= set(defs[params_model]["properties"])


def test_metrics_lists_the_catalogue(capsys):
    assert run(["thesis", "metrics"]) == 0
    text = capsys.readouterr().out
    for name in CATALOGUE:
        assert f"\n{name}: " in f"\n{text}"
    assert "    length: default 14; whole number 2 to 200" in text
    assert "    window: required; one of 1w, 1m, 3m, 6m, 1y, ytd, since:DATE" in text


def test_metrics_as_json(capsys):
    assert run(["thesis", "metrics", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["metric"] for r in rows] == list(CATALOGUE)
    rsi = next(r for r in rows if r["metric"] == "rsi")
    assert rsi["unit"] == "index_points"
    assert {p["name"]: p["default"] for p in rsi["params"]} == {"symbol": None, "length": 14, "bars": "daily"}


def test_the_package_imports_only_the_kernel():
    """analytics.theses may import the standard library, pydantic, yaml and the kernel only."""
    import ast
    import subprocess
    import sys

    code = ("import sys, analytics.theses.cli, analytics.theses.loader, analytics.theses.messages, analytics.theses.shipped;"
            "print(sorted(m for m in sys.modules if m.startswith(('analytics', 'pandas', 'streamlit', 'numpy'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    modules = set(ast.literal_eval(loaded))
    allowed = {"analytics", "analytics.errors", "analytics.symbols", "analytics.config"}
    assert {m for m in modules if not m.startswith("analytics.theses")} <= allowed, modules
