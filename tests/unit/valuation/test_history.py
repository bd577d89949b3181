"""Valuation records that grow with each refresh; imported history validated row by row."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.valuation.history import (
    HistoryImportError,
    delete_import,
    history_bands,
    name_after_file,
    parse_history_csv,
    read_imports,
    read_records,
    refresh_valuations,
    save_import,
    series_of,
)
from analytics.valuation.report import iwm_bottom_up


def test_parse_good_file_sorted_with_gaps():
    frame = parse_history_csv("\ufeffdate,cape,forward pe\n2023-02-01,29.5,\n2023-01-01,28.1,17.2\n2023-03,30,18\n")
    assert list(frame.columns) == ["cape", "forward pe"]
    assert list(frame.index) == [pd.Timestamp("2023-01-01"), pd.Timestamp("2023-02-01"), pd.Timestamp("2023-03-01")]
    assert pd.isna(frame.loc["2023-02-01", "forward pe"]) and frame.loc["2023-03-01", "cape"] == 30.0


@pytest.mark.parametrize("text, message", [
    ("when,cape\n2023-01-01,1\n", "first column must be 'date'"),
    ("date\n2023-01-01\n", "no series column"),
    ("date,cape\n", "no rows"),
    ("date,cape\n2023-01-01,28\n01/02/2023,29\n", "row 3: '01/02/2023' is not a date"),
    ("date,cape\n2023-01-01,28\n2023-02-01,n.a.\n", "row 3, column 'cape': 'n.a.' is not a number"),
    ("date,cape\n2023-01-01,28\n2023-01-01,29\n", "row 3: date 2023-01-01 repeats row 2"),
    ("date,cape\n2023-01-01,inf\n", "not a finite number"),
    ("date,cape,pe\n2023-01-01,28,\n", "column 'pe' has no numbers"),
    ("date,bad/../name;\n2023-01-01,1\n", "series name"),
])
def test_bad_files_name_the_row(text, message):
    with pytest.raises(HistoryImportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_history_csv(text)


def test_generic_column_named_after_its_file():
    frame = parse_history_csv("date,close\n2023-01-01,30\n")
    assert list(name_after_file(frame, "multpl_shiller_cape_monthly.csv").columns) == ["multpl shiller cape monthly"]
    assert list(name_after_file(parse_history_csv("date,cape\n2023-01-01,30\n"), "x.csv").columns) == ["cape"]


def test_imports_kept_in_the_store_and_replaced_by_name(tmp_path):
    store = Store(tmp_path)
    save_import(store, parse_history_csv("date,cape\n2023-01-01,28\n2023-02-01,29\n"))
    save_import(store, parse_history_csv("date,pe\n2023-01-01,17\n"))
    save_import(store, parse_history_csv("date,cape\n2023-01-01,30\n"))
    kept = read_imports(store)
    assert sorted(kept.columns) == ["cape", "pe"] and kept["cape"].dropna().tolist() == [30.0]
    assert list(delete_import(store, "pe").columns) == ["cape"]


def test_bands_and_percentile_by_hand():
    series = pd.Series([10.0, 20, 30, 40, 50, 25, 99], index=pd.date_range("2020-01-01", periods=7, freq="MS"),
                       name="cape")
    bands = history_bands(series, "2020-06-15")  # the 99 of July is after the as-of date
    assert bands.current == 25 and bands.current_date == pd.Timestamp("2020-06-01")
    assert bands.observations == 6 and bands.median == pytest.approx(27.5)
    assert bands.p10 == pytest.approx(15.0) and bands.p90 == pytest.approx(45.0)
    assert bands.percentile == pytest.approx(3 / 6)  # 10, 20, 25 are at or below 25
    assert history_bands(series, "2019-01-01").current is None


def test_refresh_appends_one_record_per_day(tmp_path):
    store, source = Store(tmp_path), DemoSource()
    held = source.holdings("IWM")
    days = iter([date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 6)])

    def refresh():
        return refresh_valuations(source, store, namespace="demo",
                                  bottom_up=lambda: {"IWM": iwm_bottom_up(source, held.frame)},
                                  today=lambda: next(days))

    first = refresh()
    assert first.history_days == 1 and first.recorded > 0 and not first.failed
    assert refresh().history_days == 1  # same day: replaced, not doubled
    third = refresh()
    assert third.history_days == 2 and third.history_start == pd.Timestamp("2026-01-05")
    records = read_records(store, "demo")
    assert len(records) == 2 * first.recorded
    wide = series_of(records, "trailing_pe", "2026-01-06")
    assert list(wide.columns) == ["IWM", "QQQ", "SPY"] and len(wide) == 2
    assert "IWM bottom-up" in set(records["subject"])
    assert series_of(records, "trailing_pe", "2025-12-31").empty
