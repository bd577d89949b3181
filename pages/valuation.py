"""Valuation and sectors: what small caps cost, what IWM holds, which sectors lead."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.catalog import LARGE_CAP, NASDAQ_100, SMALL_CAP, THESIS_SYMBOLS
from analytics.errors import DashboardError
from analytics.valuation import text
from analytics.valuation.figures import bands_figure, from_spec, records_figure, sector_mix_figure
from analytics.valuation.fund_table import FIELD_LABELS, display_fund_table, fund_table, provenance_table
from analytics.valuation.history import HistoryImportError, history_bands
from analytics.valuation.sector_performance import WINDOWS
from analytics.valuation.sectors import sector_mix
from ui.fund_loaders import (
    import_history,
    kept_imports,
    load_bottom_up,
    load_fund_data,
    load_holdings_view,
    load_member_fundamentals,
    load_sector_groups,
    load_sector_view,
    load_valuation_records,
    load_valuation_series,
    remove_import,
)
from ui.member_loaders import load_universe
from ui.messages import source_banner
from ui.ranged import Span, ranged
from ui.sidebar import page_context
from ui.state import bound, valid_symbols
from ui.widgets import csv_download, view_link

BASES = {"Trailing earnings": "trailing", "Forward earnings": "forward"}
HISTORY_FIELDS = {FIELD_LABELS[f]: f for f in ("trailing_pe", "forward_pe", "price_to_book", "dividend_yield")}
ROW_PX = 35  # st.dataframe row height: tables sized to show every row
GROUPS = ("S&P 500 sectors (SPDR)", "S&P SmallCap 600 sectors (Invesco)")

ctx = page_context()
st.title("Valuation and sectors")
source_banner(ctx.info)
st.caption("The thesis: small caps are cheap next to the S&P 500 and the Nasdaq-100, pay the best dividend "
           "of the three, lean on industrials, financials and health care, and those sectors had started "
           f"to lead. Every figure below is as of **{ctx.as_of:%Y-%m-%d}** unless it says otherwise.")

# -- 1. Fund valuation ----------------------------------------------------------------------------
st.subheader("What you pay: fund valuations")
added = bound(st.multiselect, "val_funds", "Add funds", ["IWN", "IWO", "IJR", "RSP", "DIA", "VTI"],
              default=[], accept_new_options=True, max_selections=8,
              help="Any ETF ticker; it is validated before it reaches Yahoo.")
funds = list(dict.fromkeys(list(THESIS_SYMBOLS) + valid_symbols(added or [], on_invalid=st.warning)))
loaded = {symbol: load_fund_data(ctx.spec, symbol) for symbol in funds}
table = fund_table(loaded)
failure = text.common_failure(table)
if failure:  # one cause for every fund: say it once, no table of n/a
    st.info(f"No fund data from {ctx.info.label}: {failure}. Holdings, the sector mix from holdings "
            "and sector performance below still work.")
else:
    st.dataframe(display_fund_table(table), key="val_fund_table")
    st.caption(text.fetched_caption([d for d in table["fetched"] if d], ctx.as_of))
    for note in text.fund_notes(loaded):
        st.info(note)
    with st.expander("Sources: where each number comes from and how its unit was read"):
        st.dataframe(provenance_table(loaded), hide_index=True, key="val_provenance")
        csv_download(table, "fund_valuation", ctx.as_of, units={
            "trailing_pe": "ratio", "forward_pe": "ratio", "price_to_book": "ratio", "dividend_yield": "fraction",
            "expense_ratio": "fraction", "net_assets": "USD"}, source=ctx.info.label)

# -- 2. Bottom-up P/E -----------------------------------------------------------------------------
st.subheader("Russell 2000 P/E from its members")
left, right = st.columns([2, 3])
with left:
    basis_label = bound(st.segmented_control, "val_basis", "Earnings", list(BASES), default="Trailing earnings")
with right:
    with_sp500 = bound(st.toggle, "val_sp500", "Also the S&P 500 (members weighted by market cap)", value=False)
basis = BASES.get(basis_label or "Trailing earnings", "trailing")
held = load_holdings_view(ctx.spec, SMALL_CAP)
indexes = []
if isinstance(held, str):
    st.info(f"IWM holdings are not available here ({held}), so there are no member weights.")
else:
    indexes.append(("Russell 2000 (IWM holdings)", "iwm", held.member_weights, held.as_of,
                    tuple(held.member_weights.index)))
if with_sp500:
    try:
        members = load_universe(ctx.spec, "sp500")
        indexes.append(("S&P 500", "sp500", None, members.as_of, tuple(members.symbols)))
    except DashboardError as exc:
        st.info(f"The S&P 500 member list is not available here: {exc}.")
for label, slug, weights, list_date, symbols in indexes:
    batch = load_member_fundamentals(ctx.spec, symbols, label)
    if batch.frame.empty:
        reason = next(iter(batch.failed.values()), "no member has data")
        st.info(f"**{label}**: no member earnings from {ctx.info.label} ({reason}).")
        continue
    result, members_frame = load_bottom_up(ctx.spec, slug, basis, weights, batch)
    st.markdown(f"**{label}**")
    cols = st.columns(5)
    cols[0].metric("P/E, all members", text.ratio(result.pe_all),
                   help=result.note or "Loss-makers count with their negative earnings.")
    cols[1].metric("P/E, profitable members only", text.ratio(result.pe_profitable))
    cols[2].metric("Losing money, by count", text.share(result.share_negative_count))
    cols[3].metric("Losing money, by weight", text.share(result.share_negative_weight))
    cols[4].metric("Coverage (weight with data)", text.share(result.coverage_weight))
    st.caption(text.bottom_up_caption(result, batch.fetched_at, list_date, ctx.as_of))
    if batch.failed:
        with st.expander(f"{len(batch.failed)} members without earnings data (left out)"):
            st.dataframe(pd.DataFrame({"symbol": list(batch.failed), "reason": list(batch.failed.values())}),
                         hide_index=True, key=f"val_failed_{slug}")
    csv_download(members_frame, f"members_pe_{slug}",
                 ctx.as_of, units={"weight_pct": "percent", "price_usd": "USD", "trailing_eps_usd": "USD",
                                   "forward_eps_usd": "USD"}, source=ctx.info.label)

# -- 3. Valuation history -------------------------------------------------------------------------
st.subheader("Valuation history")
records = load_valuation_records(ctx.spec)[0]
field_label = bound(st.selectbox, "val_hist", "Recorded field", list(HISTORY_FIELDS)) if len(records) else None
wide = load_valuation_series(ctx.spec, HISTORY_FIELDS.get(field_label, "trailing_pe"), ctx.as_of)
if records.empty:
    st.info("No valuation records kept yet. The history starts with the first refresh: "
            "`python -m analytics refresh --funds` records today's values, and each later refresh adds a day.")
elif wide.empty:
    st.info(f"Records start {records['date'].min():%Y-%m-%d}, after the as-of date: nothing recorded by then.")
else:
    st.caption(text.history_caption(records, wide.index[-1], ctx.info.kind == "demo"))
    if wide.shape[1]:
        st.plotly_chart(records_figure(wide, field_label or "trailing P/E"), key="val_records_chart")
        csv_download(wide, "valuation_records", ctx.as_of, units=field_label or "", source=ctx.info.label)

upload = st.file_uploader("Import a P/E (or CAPE) history: CSV with `date,<series>...`", type=["csv", "txt"],
                          key="val_upload")
if upload is not None and st.session_state.get("_val_saved") != upload.file_id:
    try:
        imported = import_history(upload.getvalue(), upload.name)
    except HistoryImportError as exc:
        st.error(f"That file can't be imported: {exc}.")
    else:
        st.session_state["_val_saved"] = upload.file_id
        st.success(f"Kept {', '.join(imported.columns)}: {len(imported)} rows, "
                   f"{imported.index[0]:%Y-%m-%d} to {imported.index[-1]:%Y-%m-%d}.")
kept = kept_imports()
if len(kept.columns):
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    with left:
        name = ranged(st.selectbox, "val_series", "Imported series", Span.among(kept.columns), kept.columns[0],
                      empty="Nothing imported.") or kept.columns[0]
    with right:
        if st.button("Remove this series", key="val_remove", icon=":material/delete:"):
            remove_import(name)
            st.rerun()
    series = kept[name].dropna()
    bands = history_bands(series, ctx.as_of)
    if bands.current is None:
        st.info(f"{series.name} starts {series.index[0]:%Y-%m-%d}, after the as-of date.")
    else:
        cols = st.columns(5)
        cols[0].metric(f"Latest ({bands.current_date:%Y-%m-%d})", f"{bands.current:.2f}")
        cols[1].metric("Percentile in its history", f"{bands.percentile:.0%}",
                       help="Share of readings up to the as-of date at or below the latest.")
        cols[2].metric("Median", f"{bands.median:.2f}")
        cols[3].metric("10th percentile", f"{bands.p10:.2f}")
        cols[4].metric("90th percentile", f"{bands.p90:.2f}")
        shown = series.loc[: pd.Timestamp(ctx.as_of)]
        st.plotly_chart(bands_figure(shown, bands.median, bands.p10, bands.p90, bands.current_date, bands.current),
                        key="val_bands_chart")
        st.caption(f"{bands.observations} readings from {bands.start:%Y-%m-%d} to {bands.end:%Y-%m-%d}; "
                   f"the file runs to {series.index[-1]:%Y-%m-%d}. Kept in the local store until replaced.")
        csv_download(shown.to_frame(), "imported_history", ctx.as_of, units=str(series.name))
else:
    st.caption("Nothing imported yet. A monthly vendor export works, e.g. a Shiller CAPE history.")

# -- 4. Holdings and sector mix -------------------------------------------------------------------
st.subheader("What IWM holds")
if isinstance(held, str):
    st.info(f"No IWM holdings from {ctx.info.label} ({held}): no sector weights or treemap.")
else:
    level, caveat = text.holdings_caveat(held.as_of, ctx.as_of)
    (st.warning if level == "warning" else st.caption)(caveat)
    weights, apart = held.weights, held.apart
    st.plotly_chart(from_spec(held.treemap), key="val_treemap")
    left, right = st.columns([4, 5])
    with left:
        st.markdown(f"**Sector weights** ({len(held.frame)} holdings)")
        st.dataframe(weights[["pct_of_equity", "weight_pct_of_fund", "holdings"]], key="val_sector_weights",
                     height=ROW_PX * (len(weights) + 1) + 3,
                     column_config={"pct_of_equity": st.column_config.NumberColumn("% of equity", format="%.2f%%"),
                                    "weight_pct_of_fund": st.column_config.NumberColumn("% of fund", format="%.2f%%")})
        st.caption(text.apart_caption(apart))
        csv_download(weights, "iwm_sector_weights", ctx.as_of,
                     units={"weight_pct_of_fund": "percent", "fraction_of_equity": "fraction",
                            "pct_of_equity": "percent"}, source=ctx.info.label)
    with right:
        st.markdown("**Top 10 holdings**")
        st.dataframe(held.top, hide_index=True, key="val_top10", height=ROW_PX * 11 + 3,
                     column_config={"weight": st.column_config.NumberColumn("weight", format="%.2f%%", width="small"),
                                    "name": st.column_config.TextColumn("name", width="medium")})

mixes, lacking = {}, []
if not isinstance(held, str):
    mixes[f"{SMALL_CAP} (iShares holdings)"] = dict(held.weights["fraction_of_equity"])
for symbol in (SMALL_CAP, LARGE_CAP, NASDAQ_100):
    data = loaded.get(symbol)
    if data is not None and not isinstance(data, str) and data.sector_weights:
        mixes[f"{symbol} ({data.provider})"] = data.sector_weights
    else:
        lacking.append(symbol)
if len(mixes) > 0:
    mix = sector_mix(mixes)
    st.plotly_chart(sector_mix_figure(mix), key="val_mix_chart")
    csv_download(mix, "sector_mix", ctx.as_of, units="fraction of equity weight", source=ctx.info.label)
if lacking:
    st.caption(f"No Yahoo sector mix for {', '.join(lacking)} from this source; sector names are mapped to GICS.")

# -- 5. Sector performance ------------------------------------------------------------------------
st.subheader("Which sectors lead")
groups = load_sector_groups(ctx.spec, ctx.as_of)
group = ranged(st.segmented_control, "val_group", "Sector funds", Span.among(groups), GROUPS[0],
               empty="This source has no sector funds.") or GROUPS[0]
sectors = load_sector_view(ctx.spec, ctx.as_of, group)
ended = sectors.part["last_date"].max()
if sectors.leaders is None and pd.notna(ended) and ended < pd.Timestamp(ctx.as_of):
    # Every fund's prices stop before the as-of date: rank them where the data ends instead.
    st.warning(text.sector_data_end(ended, ctx.as_of))
    sectors = load_sector_view(ctx.spec, ended.date(), group)
if sectors.leaders:
    st.markdown(sectors.leaders)
else:
    st.info(text.no_returns_sentence(sectors.part, ctx.as_of))
st.dataframe(sectors.table, key="val_sector_table", height=ROW_PX * (len(sectors.table) + 1) + 3, column_config={
    **{w: st.column_config.NumberColumn(w, format="%+.2f%%") for w in WINDOWS},
    "rank_1w": st.column_config.NumberColumn("rank 1w", format="%d"),
    "rank_3m": st.column_config.NumberColumn("rank 3m", format="%d"),
    "rank_change_3m_to_1w": st.column_config.NumberColumn("places climbed, 3m to 1w", format="%+d"),
    "note": st.column_config.TextColumn("note (why a value is n/a)")})
st.caption("Price returns from the last close on or before the as-of date minus 1 week, 1 month, 3 months, "
           "and from the previous year's last close (YTD). Click a column to sort; None means n/a (the note says why).")
csv_download(sectors.part.drop(columns=["group"]), "sector_performance", ctx.as_of,
             units={w: "fraction" for w in WINDOWS}, source=ctx.info.label)
st.plotly_chart(from_spec(sectors.heatmap), key="val_heatmap")
if sectors.ranks:
    st.plotly_chart(from_spec(sectors.ranks), key="val_rank_chart")
else:
    st.caption("No fund has both a 3-month and a 1-week return here, so there is no rank change to draw.")

view_link("valuation")
