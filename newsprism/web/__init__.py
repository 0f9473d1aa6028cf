"""The read-only explorer: FastAPI + Jinja2 pages over the store, each with a JSON twin."""
