"""Hosted entry point: ``streamlit run serve.py -- --source SPEC`` serves ``app.py`` as an
ASGI app (Streamlit's ``st.App``) whose startup warms the process (ui/warmup.py), so the first
colleague to open a link after a deploy or restart does not pay for the imports."""
from __future__ import annotations

from contextlib import asynccontextmanager

import streamlit as st

from ui import warmup


@asynccontextmanager
async def lifespan(_app):
    warmup.start()
    yield


app = st.App("app.py", lifespan=lifespan)
