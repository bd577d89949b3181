"""Read a thesis file safely and validate it, every problem named by line and key.

Thesis files arrive by upload from anyone with the link, so reading one executes nothing,
stores nothing and stays cheap whatever the bytes: at most :data:`MAX_BYTES`, UTF-8, one YAML
document of plain mappings, lists and scalars, no tags, no anchors or aliases (rejected
outright: a thesis has no use for them, and refusing every one disarms alias bombs), nesting at
most :data:`MAX_DEPTH` deep, at most :data:`MAX_NODES` values, no duplicate keys. The YAML
events are turned into Python values here, without PyYAML's recursive composer, and the line
of every key and list item is kept so that each of pydantic's errors can be put back on its line:
``line 14, claims[3].params.window: 'ytdd' is not one of 1w, 1m, 3m, 6m, 1y, ytd, since:DATE``.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from analytics.errors import DashboardError
from analytics.symbols import shown
from analytics.theses.messages import message_for
from analytics.theses.model import Thesis

#: The largest thesis file read (DESIGN.md): a hundred claims take a few kilobytes.
MAX_BYTES = 256 * 1024
#: A thesis nests five levels (claims, a claim, params, a list); deeper is not a thesis.
MAX_DEPTH = 16
#: Values (scalars, lists, mappings) read before giving up: a hundred claims hold about 2,000,
#: and turning YAML events into values costs some microseconds each in Python, so this bound
#: keeps the worst 256 KiB file (a list of 100,000 numbers) well under a second.
MAX_NODES = 20_000
#: Problems kept on a :class:`ThesisError` (the count of all is kept too).
MAX_PROBLEMS = 20
_BOM = "\ufeff"
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when built with it


class Problem(NamedTuple):
    """One thing wrong with a file: its line (``None``: the file as a whole), key path and reason."""

    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (f"line {self.line}" if self.line else "", self.key) if part)
        return f"{where}: {self.message}" if where else self.message


class ThesisError(DashboardError, ValueError):
    """A thesis file that cannot be used; ``problems`` lists each, ``str`` is one sentence."""

    def __init__(self, name: str, problems: list[Problem], total: int | None = None) -> None:
        self.name = name
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        more = self.total - 1
        super().__init__(f"{name}: {problems[0]}" + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))

    def lines(self) -> list[str]:
        """One line per problem, each prefixed by the file's name (the CLI's stderr)."""
        return [f"{self.name}: {problem}" for problem in self.problems]


class _Reject(Exception):
    def __init__(self, line: int | None, message: str, key: str = "") -> None:
        super().__init__(message)
        self.problem = Problem(line, key, message)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader with YAML 1.2's booleans: ``yes``, ``no``, ``on``, ``off`` stay text
    (``ON`` is a ticker), and no merge keys (``<<`` needs aliases, which are refused anyway)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$") if tag.endswith(":bool") else regexp)
            for tag, regexp in resolvers if not tag.endswith((":merge", ":value"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def content_hash(data: bytes | str) -> str:
    """The SHA-256 of a file's bytes (text is hashed as UTF-8), in hex: a thesis's version."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def key_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """``('claims', 3, 'params', 'window')`` as ``claims[3].params.window``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _decode(data: bytes | str) -> str:
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        raise _Reject(None, f"the file is {size:,} bytes; a thesis file is at most {MAX_BYTES // 1024} KiB")
    if isinstance(data, str):
        return data.removeprefix(_BOM)
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise _Reject(line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


class _Frame:
    """A mapping or list being filled, with its key path and the key waiting for a value."""

    __slots__ = ("key", "path", "value")

    def __init__(self, value: dict | list, path: tuple) -> None:
        self.value, self.path, self.key = value, path, _NO_KEY


_NO_KEY = object()


def _compose(text: str) -> tuple[Any, dict[tuple, int]]:
    """The document's value and the line of each key path, from YAML events (never recursive)."""
    loader = _Loader(text)
    lines: dict[tuple, int] = {(): 1}
    stack: list[_Frame] = []
    root: Any = None
    nodes = 0
    try:
        loader.get_event()  # StreamStart
        if loader.check_event(StreamEndEvent):
            raise _Reject(None, "the file is empty")
        loader.get_event()  # DocumentStart
        while not loader.check_event(DocumentEndEvent):
            event = loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                frame = stack.pop()  # already placed in its parent when it opened
                if not stack:
                    root = frame.value
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _Reject(line, f"the file holds more than {MAX_NODES:,} values; a thesis holds far fewer")
            if isinstance(event, AliasEvent) or event.anchor is not None:
                raise _Reject(line, "anchors and aliases (&name, *name) are not allowed in a thesis file")
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                raise _Reject(line, f"YAML tags ({shown(tag)}) are not allowed in a thesis file")
            if isinstance(event, ScalarEvent):
                value = _scalar(loader, event, line)
                if stack:
                    _place(stack, value, line, lines, opening=False)
                else:
                    root = value
                continue
            if len(stack) >= MAX_DEPTH:
                raise _Reject(line, f"the file nests deeper than {MAX_DEPTH} levels")
            value = {} if isinstance(event, MappingStartEvent) else []
            stack.append(_Frame(value, _place(stack, value, line, lines, opening=True)))
        loader.get_event()  # DocumentEnd
        if not loader.check_event(StreamEndEvent):
            raise _Reject(loader.peek_event().start_mark.line + 1, "a thesis file holds one YAML document")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _Reject(mark.line + 1 if mark else None,
                      f"the file is not valid YAML ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        raise _Reject(None, f"the file is not valid YAML ({str(exc).splitlines()[0][:80]})") from None
    finally:
        loader.dispose()
    return root, lines


def _scalar(loader: Any, event: ScalarEvent, line: int) -> Any:
    """A plain or quoted scalar's value: text, a number, a yes/no, null or a date."""
    tag = loader.resolve(ScalarNode, event.value, event.implicit)
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.yaml_constructors[tag](loader, node)
    except (ValueError, OverflowError):  # 2023-13-45, a 5,000-digit number
        what = "a date" if tag.endswith(":timestamp") else "a number (too long, or out of range)"
        raise _Reject(line, f"{shown(event.value)!r} cannot be read as {what}") from None


def _place(stack: list[_Frame], value: Any, line: int, lines: dict[tuple, int], opening: bool) -> tuple:
    """Put ``value`` in the innermost container; return its key path (for a new container)."""
    if not stack:
        return ()
    frame = stack[-1]
    if isinstance(frame.value, list):
        path = frame.path + (len(frame.value),)
        frame.value.append(value)
        lines[path] = line
        return path
    if frame.key is _NO_KEY:
        if opening or not isinstance(value, str):
            raise _Reject(line, f"a key must be a name, not {str(value)[:20]!r}", key_path(frame.path))
        if value in frame.value:
            first = lines[frame.path + (value,)]
            raise _Reject(line, f"{value[:64]!r} is given twice (first on line {first})", key_path(frame.path))
        frame.key = value
        frame.value[value] = None
        lines[frame.path + (value,)] = line
        return ()
    path, frame.value[frame.key], frame.key = frame.path + (frame.key,), value, _NO_KEY
    return path


def _line_of(loc: tuple, lines: dict[tuple, int]) -> int | None:
    """The line of the longest prefix of ``loc`` the file has (a missing key: its parent's)."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def load_thesis(data: bytes | str, name: str = "thesis", today: date | None = None) -> Thesis:
    """Validate a thesis file's content.

    Parameters
    ----------
    data : bytes or str
        The file's bytes (UTF-8) or text.
    name : str
        How messages name the file (an upload's file name, a path as typed).
    today : date, optional
        The day ``published`` may not be after (default: today).

    Raises
    ------
    ThesisError
        Every problem found, each with its line and key; its text is one sentence.
    """
    try:
        root, lines = _compose(_decode(data))
    except _Reject as exc:
        raise ThesisError(name, [exc.problem]) from None
    if root is None:
        raise ThesisError(name, [Problem(None, "", "the file is empty")])
    try:
        return Thesis.model_validate(root, context={"today": today or date.today()})
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc, message = message_for(error)
            problems.append(Problem(_line_of(loc, lines), key_path(loc), message))
        raise ThesisError(name, problems) from None


def load_thesis_file(path: str | Path, today: date | None = None) -> Thesis:
    """Read and validate the thesis file at ``path`` (named as given), reading at most
    :data:`MAX_BYTES` and one byte more, so a huge file is refused without reading it all."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = Path(path).stat().st_size
        raise ThesisError(str(path), [Problem(None, "", f"the file is {size:,} bytes; a thesis file is at "
                                                        f"most {MAX_BYTES // 1024} KiB")])
    return load_thesis(data, str(path), today)
