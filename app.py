"""Router: page config, navigation over pages/, and the shared sidebar."""
from __future__ import annotations

import streamlit as st

from ui.housekeeping import collect_now_and_then
from ui.preload import preload_charts
from ui.reconnect import note_restored_connection
from ui.sidebar import render_sidebar
from ui.source import source_spec
from ui.state import url_warnings_box

# An emoji icon: Streamlit draws it as a data: URL. A ":material/...:" icon is fetched from
# fonts.gstatic.com, which an offline or locked-down host cannot reach.
st.set_page_config(page_title="Small caps vs large caps", page_icon="📈",
                   layout="wide")

PAGES = [
    st.Page("pages/scorecard.py", title="Thesis scorecard", icon=":material/fact_check:", url_path="scorecard",
            default=True),
    st.Page("pages/overview.py", title="Overview", icon=":material/insights:", url_path="overview"),
    st.Page("pages/valuation.py", title="Valuation", icon=":material/balance:", url_path="valuation"),
    st.Page("pages/breadth.py", title="Breadth", icon=":material/stacked_bar_chart:", url_path="breadth"),
    st.Page("pages/macro.py", title="Macro", icon=":material/account_balance:", url_path="macro"),
    st.Page("pages/technicals.py", title="Technicals", icon=":material/candlestick_chart:",
            url_path="technicals"),
    st.Page("pages/seasonality.py", title="Seasonality & crypto", icon=":material/calendar_month:",
            url_path="seasonality"),
]

navigation = st.navigation(PAGES)
# The first element of every run: the chart library starts loading in the browser while the
# sidebar and the page are still being computed and drawn.
with st.sidebar:
    preload_charts()
    # A replica lost behind the proxy: the page runs again on another one, and says so.
    note_restored_connection()
# Before the sidebar and the page: a dropped link value is named here as soon as it is found,
# so a page that stops early (st.stop) still says so.
url_warnings_box()
render_sidebar(source_spec())
navigation.run()
collect_now_and_then()  # after the page: its messages are already on their way
