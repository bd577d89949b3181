"""Baseline for the slider benchmark: one slider driving one Plotly chart."""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

shift = st.slider("Shift", 0, 100, 50)
y = np.cumsum(np.random.default_rng(0).standard_normal(750)) + shift
st.plotly_chart(go.Figure(go.Scatter(y=y, mode="lines"), layout={"title": {"text": f"shift {shift}"}}))
