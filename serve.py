"""Hosted entry point: ``streamlit run serve.py -- --source SPEC`` serves ``app.py`` as an
ASGI app (Streamlit's ``st.App``) whose start-up warms the process (ui/warmup.py) before it
takes connections, so the first colleague to open a link after a deploy or restart does not
pay for the imports and the store's first reads, and the health check says "ready" only when
a viewer would be served warm."""
from __future__ import annotations

from contextlib import asynccontextmanager

import streamlit as st

from ui import warmup


@asynccontextmanager
async def lifespan(_app):
    await warmup.ready()
    yield


app = st.App("app.py", lifespan=lifespan)
