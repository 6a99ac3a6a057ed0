"""The HTTP API and web UI: a FastAPI app over the store (``make_app``), served by uvicorn."""
