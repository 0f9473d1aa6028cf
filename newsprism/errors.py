"""Every error newsprism raises: one base class with a stable code and the offending value (issue 14).

Each exception class of the package derives from :class:`NewsprismError` and names one code of
:data:`CODES`; it keeps the builtin base its callers already catch (``class LexiconError(NewsprismError,
ValueError)``). The table says, once, what each code means and how the edges answer it: the CLI prints
``Error: [NP-E201] message`` and exits 1 (``newsprism.cli``), the web answers with ``http_status``.
docs/errors.md is generated from the table (``python scripts/make_error_docs.py``; a test checks it).

Like spaCy's ``Errors`` table, but one code per class, not per message: the message names the file,
record, id or term at fault (the durability rule), and ``value`` carries it for a program to read.

This module imports nothing from newsprism, so every module may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

__all__ = ["CODES", "ErrorCode", "NewsprismError", "describe", "markdown"]


@dataclass(frozen=True)
class ErrorCode:
    """One row of the table: the code, the class that raises it, its HTTP status and what it means."""

    code: str
    raised_as: str  # module.Class under newsprism
    http_status: int
    meaning: str


_ROWS = (
    # -- the command line and the base ------------------------------------------------------------
    ErrorCode("NP-E000", "errors.NewsprismError", 500, "an error of newsprism with no more specific code"),
    ErrorCode("NP-E001", "cli.common.CliError", 400, "a command-line option, argument or database that cannot be used"),
    # -- input: files and records to analyse -------------------------------------------------------
    ErrorCode("NP-E101", "ingest.errors.UnreadableInput", 400,
              "an input file or one record of it cannot become an article (skipped, with the reason)"),
    ErrorCode("NP-E102", "ingest.warc._Truncated", 400, "a WARC file ends inside a record (earlier records are kept)"),
    ErrorCode("NP-E103", "ingest.warc._BadHeader", 400, "a WARC header line is longer than the limit"),
    # -- data files and models shipped with newsprism ----------------------------------------------
    ErrorCode("NP-E201", "extract.loaded.LexiconError", 500, "the loaded-terms data file is malformed"),
    ErrorCode("NP-E202", "extract.claims.TaxonomyError", 500, "the claims taxonomy data file is malformed"),
    ErrorCode("NP-E203", "extract.entities_lexicon.LexiconFormatError", 500,
              "an entity word-list data file has a row with the wrong columns"),
    ErrorCode("NP-E204", "extract.furniture.FurnitureFormatError", 500,
              "the page-furniture pattern file has a bad row or pattern"),
    ErrorCode("NP-E205", "compare.verbs.VerbClassError", 500, "the verb class data file is malformed"),
    ErrorCode("NP-E206", "compare.labels.LabelListError", 500, "the evaluative label data file is malformed"),
    ErrorCode("NP-E207", "link.alterations.AlterationWordsError", 500, "the alteration word list is malformed"),
    ErrorCode("NP-E208", "data.DataFileError", 500,
              "a packaged word list (data/*.tsv) has a row with too many cells, or a list asked for is not there"),
    ErrorCode("NP-E211", "nlp.ModelNotFound", 500, "no usable spaCy English model is installed"),
    ErrorCode("NP-E212", "extract.linear.ModelFileError", 500,
              "a model file (cue, statement, boundary) is missing, malformed or of a newer format"),
    ErrorCode("NP-E213", "encoder.EncoderLoadError", 500,
              "the sentence encoder cannot be loaded (a file missing or a runtime package not installed)"),
    # -- the store -------------------------------------------------------------------------------
    ErrorCode("NP-E301", "store.db.StoreError", 500, "the database cannot be opened, read or written"),
    ErrorCode("NP-E302", "store.db.StoreLocked", 409, "another newsprism process is writing to the database"),
    ErrorCode("NP-E303", "store.queries.QueryTimeout", 503, "a read query ran past its time limit and was stopped"),
    ErrorCode("NP-E304", "store.queries.SqlError", 400, "a user's SQL was refused or failed"),
    ErrorCode("NP-E305", "store.search_syntax.SearchSyntaxError", 400, "the search text cannot be read"),
    ErrorCode("NP-E306", "store.corrections.CorrectionError", 400,
              "a correction that cannot be made (``rule`` says which check refused it)"),
    # -- looking things up -----------------------------------------------------------------------
    ErrorCode("NP-E401", "compare.story.StoryNotFound", 404, "no story with that id in the database"),
    ErrorCode("NP-E402", "compare.timeline.SpeakerNotFound", 404, "no speaker matches the name asked for"),
    ErrorCode("NP-E403", "web.views.NotFound", 404, "no story, speaker, outlet or article has that id"),
    ErrorCode("NP-E404", "compare.timeline.AmbiguousSpeaker", 300, "a typed speaker name fits several speakers"),
    # -- the engine (shards, Parquet datasets, Dask) ------------------------------------------------
    ErrorCode("NP-E501", "engine.shards.ShardPlanError", 400, "the inputs cannot be cut into shards"),
    ErrorCode("NP-E502", "engine.parquet.DatasetError", 400,
              "a Parquet dataset folder is missing, damaged or from other inputs"),
    ErrorCode("NP-E503", "engine.dask.DaskEngineError", 503,
              "the Dask scheduler cannot be reached or the cluster cannot start"),
    ErrorCode("NP-E504", "engine.corpus.DaskCorpusError", 400,
              "the dataset does not hold the articles the store queued, or the store is not fresh"),
    # -- evaluation data sets --------------------------------------------------------------------
    ErrorCode("NP-E601", "eval.basil.BasilError", 400, "the folder does not hold BASIL articles"),
    ErrorCode("NP-E602", "eval.basil_lex.BasilLexError", 400, "the folder does not hold BASIL articles and annotations"),
    ErrorCode("NP-E603", "eval.claims.ClaimsEvalError", 400, "the labelled claims file cannot be read"),
    ErrorCode("NP-E604", "eval.alterations.AlterationsEvalError", 400, "the labelled alteration pairs cannot be read"),
    ErrorCode("NP-E605", "eval.polnear.PolnearFormatError", 400, "a PolNeAR folder or .ann file is not in its shape"),
    ErrorCode("NP-E606", "eval.ggt.GgtFormatError", 400, "a GGT folder or gold line is not in its shape"),
    # -- the explorer (web) ----------------------------------------------------------------------
    ErrorCode("NP-E701", "web.pages.BadRequest", 400, "a page parameter the user typed that cannot be used"),
)

#: code -> its row; one row per code, one code per class.
CODES: dict[str, ErrorCode] = {row.code: row for row in _ROWS}


class NewsprismError(Exception):
    """The base of every error newsprism raises: ``code`` (a key of :data:`CODES`), ``value`` (the file,
    record, id or term at fault, when there is one) and a message a person can act on."""

    code: ClassVar[str] = "NP-E000"

    def __init__(self, message: str = "", *, value: object = None) -> None:
        super().__init__(message)
        self.value = value

    @property
    def http_status(self) -> int:
        """How the web answers this error (404 not found, 400 bad input, 503 try later, 500 our fault)."""
        return CODES[self.code].http_status

    @property
    def meaning(self) -> str:
        return CODES[self.code].meaning

    def describe(self) -> str:
        """One line for a person: ``[NP-E401] no story 'x'``."""
        return f"[{self.code}] {self}"

    def __reduce__(self):
        # Errors cross process boundaries (engine workers): rebuild without calling a subclass's __init__.
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type[NewsprismError], args: tuple, state: dict) -> NewsprismError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


def describe(error: BaseException) -> str:
    """``[CODE] message`` for a newsprism error, the bare message for any other."""
    return error.describe() if isinstance(error, NewsprismError) else str(error)


def markdown() -> str:
    """docs/errors.md: the table, in code order."""
    lines = [
        "# Error codes",
        "",
        "Generated from `newsprism/errors.py` by `python scripts/make_error_docs.py`; the test suite fails when it"
        " is stale.",
        "",
        "Every error newsprism raises derives from `newsprism.errors.NewsprismError` and carries a stable `code`,"
        " the offending `value` (file, record, id or term, when there is one) and a message that names it."
        " The command line prints `Error: [CODE] message` on one line and exits with status 1; the explorer"
        " answers with the code's HTTP status. Each class also keeps the builtin base it always had"
        " (`ValueError`, `LookupError`, `RuntimeError`, `FileNotFoundError`), so `except ValueError` still works.",
        "",
        "| Code | Raised as | HTTP | Meaning |",
        "| --- | --- | --- | --- |",
    ]
    for row in sorted(_ROWS, key=lambda r: r.code):
        lines.append(f"| {row.code} | `newsprism.{row.raised_as}` | {row.http_status} | {row.meaning} |")
    return "\n".join(lines) + "\n"
