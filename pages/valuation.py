"""Valuation and sectors: what small caps cost, what IWM holds, which sectors lead."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.catalog import LARGE_CAP, NASDAQ_100, SMALL_CAP, THESIS_SYMBOLS
from analytics.errors import DashboardError
from analytics.figures.valuation import (
    bands_figure,
    holdings_treemap,
    rank_change_figure,
    records_figure,
    sector_heatmap,
    sector_mix_figure,
)
from analytics.valuation.bottom_up import bottom_up_pe, member_table
from analytics.valuation.fund_table import FIELD_LABELS, display_fund_table, fund_table, provenance_table
from analytics.valuation.history import HistoryImportError, history_bands, parse_history_csv, save_import, series_of
from analytics.valuation.history import read_imports
from analytics.valuation.report import member_weights
from analytics.valuation.sector_performance import WINDOWS
from analytics.valuation.sectors import sector_mix, sector_weights, top_holdings
from ui.loaders import (
    load_fund_data,
    load_holdings,
    load_member_fundamentals,
    load_sector_performance,
    load_universe,
    load_valuation_records,
    valuation_store,
)
from ui.messages import source_banner
from ui.sidebar import page_context
from ui.state import bound, valid_symbols
from ui.widgets import csv_download, pct

BASES = {"Trailing earnings": "trailing", "Forward earnings": "forward"}
HISTORY_FIELDS = {FIELD_LABELS[f]: f for f in ("trailing_pe", "forward_pe", "price_to_book", "dividend_yield")}
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
funds = list(dict.fromkeys(list(THESIS_SYMBOLS) + valid_symbols(added or [])))
loaded = {symbol: load_fund_data(ctx.spec, symbol) for symbol in funds}
table = fund_table(loaded)
st.dataframe(display_fund_table(table), key="val_fund_table")
fetched = sorted({d.fetched_at.date() for d in loaded.values() if not isinstance(d, str) and d.fetched_at})
if fetched:
    later = " after the as-of date" if fetched[-1] > ctx.as_of else ""
    st.caption(f"Yahoo publishes today's ratios only: these were fetched {', '.join(map(str, fetched))}{later}. "
               "Past values are in the history below. n/a: Yahoo gives no value (see why under Sources).")
elif all(isinstance(d, str) for d in loaded.values()):
    st.info(f"No fund data from {ctx.info.label}: {next(iter(loaded.values()))}. Holdings, the sector mix "
            "from holdings and sector performance below still work.")
with st.expander("Sources: where each number comes from and how its unit was read"):
    provenance = provenance_table(loaded)
    st.dataframe(provenance, hide_index=True, key="val_provenance")
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
held = load_holdings(ctx.spec, SMALL_CAP)
indexes = []
if isinstance(held, str):
    st.info(f"IWM holdings are not available here ({held}), so there are no member weights.")
else:
    iwm_weights = member_weights(held.frame)
    indexes.append(("Russell 2000 (IWM holdings)", "iwm", iwm_weights, held.as_of, tuple(iwm_weights.index)))
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
    if weights is None:  # no published weights: market-cap weights of the members with a cap
        weights = batch.frame["market_cap"].dropna()
    result = bottom_up_pe(weights, batch.frame, basis)
    cols = st.columns(5)
    cols[0].metric(f"{label}: P/E, all members", f"{result.pe_all:.1f}" if result.pe_all else "n/a",
                   help=result.note or "Loss-makers count with their negative earnings.")
    cols[1].metric("P/E, profitable members only", f"{result.pe_profitable:.1f}" if result.pe_profitable else "n/a")
    cols[2].metric("Losing money, by count", pct(result.share_negative_count).lstrip("+"))
    cols[3].metric("Losing money, by weight", pct(result.share_negative_weight).lstrip("+"))
    cols[4].metric("Coverage (weight with data)", pct(result.coverage_weight).lstrip("+"))
    when = f"EPS fetched {batch.fetched_at:%Y-%m-%d}" if batch.fetched_at else "EPS date unknown"
    st.caption(f"Method: {result.method} ({basis} EPS; loss shares use trailing EPS). Coverage: "
               f"{result.coverage_count} of {result.members} members, {pct(result.coverage_weight).lstrip('+')} of the "
               f"weight. Members as listed on {list_date or 'an unknown date'}; {when}, so this is today's "
               f"valuation{' (after the as-of date)' if batch.fetched_at and batch.fetched_at.date() > ctx.as_of else ''}."
               + (f" {result.note}." if result.note else ""))
    if batch.failed:
        with st.expander(f"{len(batch.failed)} members without earnings data (left out)"):
            st.dataframe(pd.DataFrame({"symbol": list(batch.failed), "reason": list(batch.failed.values())}),
                         hide_index=True, key=f"val_failed_{slug}")
    csv_download(member_table(weights, batch.frame), f"members_pe_{slug}",
                 ctx.as_of, units={"weight_pct": "percent", "price_usd": "USD", "trailing_eps_usd": "USD",
                                   "forward_eps_usd": "USD"}, source=ctx.info.label)

# -- 3. Valuation history -------------------------------------------------------------------------
st.subheader("Valuation history")
records, namespace = load_valuation_records(ctx.spec)
field_label = bound(st.selectbox, "val_hist", "Recorded field", list(HISTORY_FIELDS))
wide = series_of(records, HISTORY_FIELDS.get(field_label, "trailing_pe"), ctx.as_of)
if records.empty:
    st.info("No valuation records kept yet. The history starts with the first refresh: "
            "`python -m analytics refresh --funds` records today's values, and each later refresh adds a day.")
elif wide.empty:
    st.info(f"Records start {records['date'].min():%Y-%m-%d}, after the as-of date: nothing recorded by then.")
else:
    origin = "demo records (synthetic) plus refreshes run here" if ctx.info.kind == "demo" else "refreshes run on this machine"
    st.caption(f"History starts **{records['date'].min():%Y-%m-%d}** ({origin}); {records['date'].nunique()} "
               f"record dates, the last on or before the as-of date {wide.index[-1]:%Y-%m-%d}.")
    if wide.shape[1]:
        st.plotly_chart(records_figure(wide, field_label or "trailing P/E"), key="val_records_chart")
        csv_download(wide, "valuation_records", ctx.as_of, units=field_label or "", source=ctx.info.label)

store = valuation_store()
upload = st.file_uploader("Import a P/E (or CAPE) history: CSV with `date,<series>...`", type=["csv", "txt"],
                          key="val_upload")
if upload is not None and st.session_state.get("_val_saved") != upload.file_id:
    try:
        imported = parse_history_csv(upload.getvalue().decode("utf-8", errors="replace"))
    except HistoryImportError as exc:
        st.error(f"That file can't be imported: {exc}.")
    else:
        save_import(store, imported)
        st.session_state["_val_saved"] = upload.file_id
        st.success(f"Kept {', '.join(imported.columns)}: {len(imported)} rows, "
                   f"{imported.index[0]:%Y-%m-%d} to {imported.index[-1]:%Y-%m-%d}.")
kept = read_imports(store)
if len(kept.columns):
    name = bound(st.selectbox, "val_series", "Imported series", list(kept.columns))
    series = kept[name or kept.columns[0]].dropna()
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
    if held.as_of is None:
        st.warning("The holdings file has no date: it may not describe the fund on the as-of date.")
    elif held.as_of > ctx.as_of:
        st.warning(f"Holdings as of **{held.as_of:%Y-%m-%d}**, later than the as-of date {ctx.as_of:%Y-%m-%d}: "
                   "iShares publishes current holdings only, so the weights below are the later ones.")
    else:
        st.caption(f"Holdings as of {held.as_of:%Y-%m-%d} (iShares file date).")
    weights, apart = sector_weights(held.frame)
    left, right = st.columns([2, 3])
    with left:
        shown = weights.assign(pct_of_equity=100 * weights["fraction_of_equity"])
        st.dataframe(shown[["pct_of_equity", "weight_pct_of_fund", "holdings"]], key="val_sector_weights",
                     column_config={"pct_of_equity": st.column_config.NumberColumn("% of equity", format="%.2f%%"),
                                    "weight_pct_of_fund": st.column_config.NumberColumn("% of fund", format="%.2f%%")})
        st.caption("Sector weights sum to 100% of the equity weight. Apart from equity: "
                   + ("; ".join(f"{k} {v:.2f}% of the fund" for k, v in apart.items()) or "nothing") + ".")
        csv_download(weights, "iwm_sector_weights", ctx.as_of,
                     units={"weight_pct_of_fund": "percent", "fraction_of_equity": "fraction"}, source=ctx.info.label)
        st.markdown("**Top 10 holdings**")
        st.dataframe(top_holdings(held.frame), hide_index=True, key="val_top10",
                     column_config={"weight": st.column_config.NumberColumn("weight", format="%.2f%%")})
    with right:
        st.plotly_chart(holdings_treemap(held.frame, SMALL_CAP), key="val_treemap")

mixes, lacking = {}, []
if not isinstance(held, str):
    mixes[f"{SMALL_CAP} (iShares holdings)"] = dict(sector_weights(held.frame)[0]["fraction_of_equity"])
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
perf = load_sector_performance(ctx.spec, ctx.as_of)
groups = [g for g in GROUPS if g in set(perf["group"])]
group = bound(st.segmented_control, "val_group", "Sector funds", groups, default=groups[0]) or groups[0]
part = perf[perf["group"] == group]
ranked = part.dropna(subset=["1w"]).sort_values("rank_1w")
if len(ranked):
    leaders = ", ".join(f"{s} ({sec.lower()})" for s, sec in zip(ranked.index[:3], ranked["sector"][:3]))
    st.markdown(f"Week to **{ctx.as_of:%Y-%m-%d}**: leaders {leaders}; last {ranked.index[-1]} "
                f"({ranked['sector'].iloc[-1].lower()}). The ranking changes within days: pick another as-of "
                "date in the sidebar to see it move.")
else:
    st.info(f"No sector fund has a 1-week return as of {ctx.as_of:%Y-%m-%d}: "
            + "; ".join(sorted({n for n in part["note"] if n}))[:300])
view = part[["sector", *WINDOWS, "rank_1w", "rank_3m", "rank_change_3m_to_1w", "note"]]
st.dataframe(view.style.format({w: "{:+.2%}" for w in WINDOWS}, na_rep="n/a")
             .format({"rank_1w": "{:.0f}", "rank_3m": "{:.0f}", "rank_change_3m_to_1w": "{:+.0f}"}, na_rep="n/a"),
             key="val_sector_table", column_config={"rank_change_3m_to_1w": "places climbed, 3m to 1w"})
csv_download(part.drop(columns=["group"]), "sector_performance", ctx.as_of,
             units={w: "fraction" for w in WINDOWS}, source=ctx.info.label)
st.plotly_chart(sector_heatmap(part, WINDOWS), key="val_heatmap")
if part[["rank_3m", "rank_1w"]].notna().all(axis=1).any():
    st.plotly_chart(rank_change_figure(part), key="val_rank_chart")
else:
    st.caption("No fund has both a 3-month and a 1-week return here, so there is no rank change to draw.")
