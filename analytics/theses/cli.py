"""``python -m analytics thesis {check,schema,metrics}``: thesis files on the command line.

``check FILE...`` validates files (exit 0, or 2 with one problem a line on stderr, each
prefixed by the file's name); ``schema`` prints the JSON Schema of a thesis file; ``metrics``
lists the catalogue with each metric's parameters, defaults, allowed values and unit. The
models are imported when a command runs, so the other commands never pay for pydantic.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_ERROR = 2


def add_thesis_parser(sub: Any) -> None:
    """Add the ``thesis`` command and its actions to the CLI's sub-parsers."""
    thesis = sub.add_parser("thesis", help="thesis files: check one, print the schema, list the metrics")
    actions = thesis.add_subparsers(dest="thesis_action", required=True)
    check = actions.add_parser("check", help="validate thesis files; exit 0 valid, 2 not (problems on stderr)")
    check.add_argument("files", nargs="+", metavar="FILE")
    actions.add_parser("schema", help="print the JSON Schema of a thesis file (for an editor)")
    metrics = actions.add_parser("metrics", help="list the metric catalogue: parameters, defaults, units")
    metrics.add_argument("--format", choices=("text", "json"), default="text")


def run_thesis(args: argparse.Namespace) -> int:
    """Run ``thesis <action>`` from parsed arguments; the exit status."""
    if args.thesis_action == "check":
        return _check(args.files)
    if args.thesis_action == "schema":
        from analytics.theses.model import thesis_json_schema

        print(json.dumps(thesis_json_schema(), indent=1))
        return EXIT_OK
    rows = catalogue_rows()
    if args.format == "json":
        print(json.dumps(rows, indent=1))
    else:
        print(_metrics_text(rows))
    return EXIT_OK


def _check(files: list[str]) -> int:
    from analytics.theses.loader import ThesisError, load_thesis_file

    status = EXIT_OK
    for name in files:
        try:
            thesis = load_thesis_file(name)
        except ThesisError as exc:
            print("\n".join(exc.lines()), file=sys.stderr)
            if exc.total > len(exc.problems):
                print(f"{name}: ... and {exc.total - len(exc.problems)} more problems", file=sys.stderr)
            status = EXIT_ERROR
        except OSError as exc:
            print(f"{name}: cannot be read ({exc.strerror or type(exc).__name__})", file=sys.stderr)
            status = EXIT_ERROR
        else:
            print(f"{name}: ok, thesis {thesis.id!r} with {len(thesis.claims)} claims")
    return status


def _allowed(prop: dict[str, Any]) -> str:
    """A parameter's allowed values from its JSON Schema."""
    if "enum" in prop:
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(_allowed(p) for p in prop["anyOf"] if p.get("type") != "null")
    if prop.get("type") == "boolean":
        return "true or false"
    if prop.get("type") == "integer" and "minimum" in prop:
        return f"whole number {prop['minimum']} to {prop.get('maximum', 'any')}"
    if prop.get("type") == "array":
        return f"a list of at most {prop.get('maxItems', 'any')}, each {_allowed(prop.get('items', {}))}"
    return prop.get("description", prop.get("type", "any"))


def catalogue_rows() -> list[dict[str, Any]]:
    """The catalogue as data: each metric's name, description, unit and parameters."""
    from analytics.theses.catalogue import CATALOGUE
    from analytics.theses.types import UNIT_WORDS

    rows = []
    for name, params in CATALOGUE.items():
        props = params.model_json_schema(ref_template="{model}").get("properties", {})
        rows.append({
            "metric": name, "description": params.description, "unit": params.unit,
            "unit_text": params.unit_text or UNIT_WORDS[params.unit],
            "params": [{"name": key, "required": field.is_required(),
                        "default": None if field.is_required() else field.default,
                        "allowed": _allowed(props.get(key, {})), "note": field.description or ""}
                       for key, field in params.model_fields.items()],
        })
    return rows


def _metrics_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        lines.append(f"{row['metric']}: {row['description']}")
        lines.append(f"    unit: {row['unit_text']}")
        for param in row["params"]:
            default = "required" if param["required"] else (
                "optional" if param["default"] is None else f"default {json.dumps(param['default'])}")
            note = f"; {param['note']}" if param["note"] and param["note"] != param["allowed"] else ""
            lines.append(f"    {param['name']}: {default}; {param['allowed']}{note}")
        if not row["params"]:
            lines.append("    (no parameters)")
    return "\n".join(lines)
