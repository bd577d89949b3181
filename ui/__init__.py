"""The only Streamlit glue: cached loaders, URL-mirrored controls, the sidebar, messages."""
