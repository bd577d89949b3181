"""ui.tables.text_table: text shows as written (HTML-escaped, never read as Markdown), links keep the
app's prefix."""
from __future__ import annotations

from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import text_tables

TRICKY = ["> 0 pp", "$5 and $6", ":red[no]", "# not a heading", "1. not a list", "*not bold*",
          "a | b", "<b>no tag</b>", "- 4.2%", "back\\slash", "✓ supports", ":material/link:"]


def _script(cells, base):
    import pandas as pd  # AppTest runs the function's source alone: imports go inside
    from streamlit import config as cfg

    from ui.tables import text_table

    cfg.set_option("server.baseUrlPath", base)
    frame = pd.DataFrame({"value": cells, "evidence": ["/overview?as_of=2023-11-28"] * len(cells)},
                         index=pd.Index([f"row {i}." for i in range(len(cells))], name="name"))
    text_table(frame, links={"evidence": "open the page ↗"}, unbroken=("value",))


def _run(base: str = "") -> AppTest:
    before = config.get_option("server.baseUrlPath")
    try:
        at = AppTest.from_function(_script, args=(TRICKY, base)).run()
    finally:
        config.set_option("server.baseUrlPath", before)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_cell_reads_back_as_written():
    at = _run()
    body = next(h.value for h in at.get("html") if 'class="text-table"' in h.value)
    # No cell is read as Markdown or as markup: "<b>" is escaped, nothing becomes a quote or a list.
    assert "<b>no tag</b>" not in body and "&lt;b&gt;no tag&lt;/b&gt;" in body
    shown = text_tables(at)[0]
    assert list(shown["value"]) == TRICKY
    assert list(shown.index) == [f"row {i}." for i in range(len(TRICKY))] and shown.index.name == "name"
    # An unbroken column keeps its words together (by style: the text is as written).
    assert body.count('<td class="unbroken">') == len(TRICKY)


def test_links_carry_the_base_url_path():
    assert set(text_tables(_run())[0]["evidence"]) == {"/overview?as_of=2023-11-28"}
    at = _run("dash")
    assert set(text_tables(at)[0]["evidence"]) == {"/dash/overview?as_of=2023-11-28"}
    assert '<a href="/dash/overview?as_of=2023-11-28">open the page ↗</a>' in at.get("html")[-1].value


def test_missing_values_are_blank_not_nan():
    def script():
        import pandas as pd

        from ui.tables import text_table
        text_table(pd.DataFrame({"a": ["x", None], "b": [float("nan"), "y"]}))

    at = AppTest.from_function(script).run()
    assert text_tables(at)[0].to_numpy().tolist() == [["x", ""], ["", "y"]]
