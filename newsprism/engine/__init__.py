"""Engines decide where per-article work runs; all of them call the same ``analyze_doc``."""
