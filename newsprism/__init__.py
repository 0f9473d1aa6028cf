"""newsprism: who said what, when, to whom — and how each outlet told it."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from newsprism.api import Corpus, analyze, open_corpus  # noqa: E402

__all__ = ["Corpus", "analyze", "open_corpus", "__version__"]
