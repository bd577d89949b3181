"""The theses that ship with the dashboard (``theses/<id>.yaml``) and how a name finds one.

``--thesis`` and the page's ``?thesis=`` take an id (``small-caps-2024``: the file
``theses/small-caps-2024.yaml``) or, on the command line, a path to a file. Without one, the
article's thesis. Ids kept in the store (uploads) resolve after these:
:func:`analytics.theses.stored.find_thesis`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from analytics.theses.loader import load_thesis_file
from analytics.theses.model import THESIS_ID_PATTERN, Thesis

#: Where the shipped thesis files live: ``theses/`` beside the packages.
THESES_DIR = Path(__file__).resolve().parents[2] / "theses"
#: The article's thesis (../shared/thesis/source-article.txt), the default everywhere.
ARTICLE_THESIS = "small-caps-2024"
_ID = re.compile(THESIS_ID_PATTERN)


def shipped_ids() -> tuple[str, ...]:
    """Ids of the shipped theses, the article's first, then by id."""
    ids = sorted(p.stem for p in THESES_DIR.glob("*.yaml") if _ID.fullmatch(p.stem))
    return tuple(sorted(ids, key=lambda i: i != ARTICLE_THESIS))


@lru_cache(maxsize=16)
def _shipped(thesis_id: str, stamp: float) -> Thesis:
    # ``stamp`` (the file's modification time) keys the cache, so an edited file is read again.
    return load_thesis_file(THESES_DIR / f"{thesis_id}.yaml")


def shipped_thesis(thesis_id: str = ARTICLE_THESIS) -> Thesis:
    """The shipped thesis of this id; ``ValueError`` naming the known ids when there is none."""
    path = THESES_DIR / f"{thesis_id}.yaml"
    if not _ID.fullmatch(thesis_id or "") or not path.is_file():
        raise ValueError(f"no thesis {thesis_id!r}; shipped: {', '.join(shipped_ids())}")
    return _shipped(thesis_id, path.stat().st_mtime)


def resolve_thesis(path_or_id: str | None) -> Thesis:
    """A thesis by id (a shipped file) or by path to a file; ``None``: the article's.

    Raises ``ValueError`` for an unknown id and :class:`~analytics.theses.loader.ThesisError`
    for an invalid file, each naming it.
    """
    if not path_or_id:
        return shipped_thesis(ARTICLE_THESIS)
    if _ID.fullmatch(path_or_id) and not Path(path_or_id).is_file():
        return shipped_thesis(path_or_id)
    path = Path(path_or_id)
    if not path.is_file():
        raise ValueError(f"no thesis file {path_or_id!r} and no shipped thesis of that id; "
                         f"shipped: {', '.join(shipped_ids())}")
    return load_thesis_file(path)
