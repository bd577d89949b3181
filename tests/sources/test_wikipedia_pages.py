"""Wikipedia member lists: the Nasdaq-100's own article found by its columns, the old page as
a fallback, a User-Agent on every request, and implausible lists refused. No saved whole
Wikipedia page exists under the shared reference data, so the pages here are built in the
layout of each article (a small table before the members' table, columns as named there)."""
from __future__ import annotations

import pytest

from analytics.data import wikipedia
from analytics.errors import DataUnavailableError, SourceUnreachableError


def _page(tables) -> str:
    html = []
    for header, rows in tables:
        head = "".join(f"<th>{h}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        html.append(f"<table class='wikitable'><tr>{head}</tr>{body}</table>")
    return "<html><body>" + "".join(html) + "</body></html>"


MEMBERS = [f"N{i:03d}" for i in range(101)]
#: "List of Nasdaq-100 companies": an infobox-like table first, then Ticker/Company/... columns.
NEW_ARTICLE = _page([(["Year", "Changes"], [["2025", "3"], ["2026", "2"]]),
                     (["Company", "Ticker", "GICS Sector", "GICS Sub-Industry"],
                      [[f"Co {s}", s, "Tech", "Software"] for s in MEMBERS])])
OLD_PAGE_WITHOUT_LIST = _page([(["Year", "Return"], [["2024", "25%"]])])


class _Answer:
    def __init__(self, status, text):
        self.status_code, self.text = status, text


def test_nasdaq100_from_its_own_article_by_columns():
    assert wikipedia.normalize_constituents_html(NEW_ARTICLE, "nasdaq100") == MEMBERS


def test_new_article_first_with_user_agent_then_old_page_as_fallback():
    asked = []

    def get(url, headers, timeout):
        asked.append((url, headers["User-Agent"]))
        if "List_of_Nasdaq-100" in url:
            return _Answer(200, OLD_PAGE_WITHOUT_LIST)  # moved again: no list there
        return _Answer(200, NEW_ARTICLE)

    assert wikipedia.download_constituents("nasdaq100", 5.0, get) == MEMBERS
    assert [u.rsplit("/", 1)[1] for u, _ in asked] == ["List_of_Nasdaq-100_companies", "Nasdaq-100"]
    assert all(ua.startswith("smallcaps-thesis-dashboard/") for _, ua in asked)


def test_network_failure_does_not_try_the_fallback():
    import requests

    asked = []

    def get(url, headers, timeout):
        asked.append(url)
        raise requests.ConnectionError("Failed to resolve 'en.wikipedia.org'")

    with pytest.raises(SourceUnreachableError, match="DNS"):
        wikipedia.download_constituents("nasdaq100", 5.0, get)
    assert len(asked) == 1


@pytest.mark.parametrize("count", [60, 150])
def test_implausible_list_is_refused(count):
    page = _page([(["Company", "Ticker"], [[f"Co {i}", f"T{i:03d}"] for i in range(count)])])
    with pytest.raises(DataUnavailableError, match="95 to 110"):
        wikipedia.normalize_constituents_html(page, "nasdaq100")
