"""Pure analytics for the small-caps thesis dashboard.

Nothing in this package imports Streamlit: pages call it, tests call it, and so does the
headless CLI (``python -m analytics``).
"""
