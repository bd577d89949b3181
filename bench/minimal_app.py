"""The baseline for the benchmark: the smallest Streamlit app that draws one Plotly chart."""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

y = np.cumsum(np.random.default_rng(0).standard_normal(750))
st.plotly_chart(go.Figure(go.Scatter(y=y, mode="lines")))
