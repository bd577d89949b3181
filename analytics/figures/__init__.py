"""Plotly figure builders, one module per page topic, sharing :mod:`analytics.figures.theme`."""
