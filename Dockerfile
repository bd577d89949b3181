# The dashboard as a container image. Built elsewhere (CI or any machine with Docker):
#   docker build -t smallcaps-dashboard .
# The code never changes inside a container, so Streamlit's file watcher is off.
# Nothing secret is baked in: FRED_API_KEY, the store credentials (AWS_*) and the cookie
# secret come from the environment at run time. The same image runs the refresh job:
#   docker run --rm --env-file .env smallcaps-dashboard python -m analytics refresh --all
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501 \
    MARKET_CACHE_DIR=/home/dashboard/.cache/smallcaps-dashboard \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none

WORKDIR /app
# Pinned requirements first: this layer is rebuilt only when they change.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin dashboard
COPY --chown=dashboard:dashboard app.py serve.py ./
COPY --chown=dashboard:dashboard analytics ./analytics
COPY --chown=dashboard:dashboard ui ./ui
COPY --chown=dashboard:dashboard pages ./pages
COPY --chown=dashboard:dashboard theses ./theses
COPY --chown=dashboard:dashboard .streamlit/config.toml ./.streamlit/config.toml
USER dashboard

EXPOSE 8501
# Streamlit answers "ok" on /_stcore/health (under the base URL path when one is set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD python -c "import os, urllib.request; base = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); urllib.request.urlopen('http://127.0.0.1:%s/%s_stcore/health' % (os.environ.get('PORT', '8501'), base + '/' if base else ''), timeout=4)"

# The port comes from $PORT (default 8501), as most container platforms set it. serve.py serves
# app.py as Streamlit's ASGI app and warms the process while the first browser loads.
CMD ["sh", "-c", "exec python -m streamlit run serve.py --server.port=\"${PORT}\" --server.address=0.0.0.0"]
