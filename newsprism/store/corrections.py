"""Corrections by hand: merge speakers, give statements another speaker, mark statements wrong, undo.

The log (``corrections``) is only ever appended to; an undo is a correction naming another.
:func:`apply_corrections` is the one place the log takes effect: it puts back what the last
application changed (``corrected_quotes`` keeps each changed statement's analysed speaker,
``rejected_quotes`` keeps each rejected statement's row) and applies every correction not
undone again, in the order made. It runs inside every corpus-phase transaction
(``link.update_corpus``) and inside the transaction of every new correction, so every reader of
``quotes`` — the explorer, the JSON API, the report, ``speaker``/``compare``, every export —
sees corrected data and never a half-applied state, and a rerun (``analyze``, ``load``,
``--replace``) never loses a correction.

Why applied into ``quotes`` rather than through a view: every query of the explorer keeps using
the indexes on ``quotes`` (a view computing the speaker could not), and nothing reads the
uncorrected rows by mistake.

Keys that survive reruns (docs/schema.md):

* a statement is ``ARTICLE_ID:START-END`` (``Statement.quote_id``): the article id comes from the
  input (file name, record id) and the offsets from its text, so analysing the same input again,
  or with ``--replace``, gives the same id. A statement correction also records the statement's
  text and applies only while the statement at that id has it: an article whose text changed is
  not corrected by guesswork (the correction is listed as "not applied").
* a speaker is its ref: the entity id (``e000042``; entity ids are numbered once per database and
  never renumbered or reused: new articles join existing entities through ``entity_keys``) or,
  for a speaker no entity holds, the name the articles give. A merge also records the speaker's
  name and type; should the entity id be missing, the entity of that name and type is used.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from newsprism.records import CORRECTION_ACTIONS, Correction
from newsprism.store.db import Store, StoreError
from newsprism.store.queries import resolve_speakers
from newsprism.store.schema import CORRECTIONS_SQL

__all__ = [
    "CorrectionError",
    "add_correction",
    "apply_corrections",
    "corrected_statements",
    "list_corrections",
    "merged_speakers",
    "resolve_speaker",
    "speaker_of",
]

#: Statement actions and speaker actions.
STATEMENT_ACTIONS = ("split", "reassign", "reject")


class CorrectionError(StoreError):
    """A correction that cannot be made: ``rule`` says which check refused it, ``value`` what was given."""

    code = "NP-E306"

    def __init__(self, rule: str, message: str, value=None) -> None:
        super().__init__(message, value=value)
        self.rule = rule

    def describe(self) -> str:
        return f"{super().describe()} [{self.rule}]"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _has_tables(store: Store) -> bool:
    """False on a database made before corrections existed, opened read-only (nothing to read)."""
    return store.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name IN ('corrections', 'corrected_quotes', 'rejected_quotes')"
    ).fetchone()[0] == 3


# -- reading ------------------------------------------------------------------------


def list_corrections(store: Store) -> list[Correction]:
    """Every correction in the order made, with ``undone_by`` and ``applied`` (statements it changes now)."""
    if not _has_tables(store):
        return []
    return [Correction(**dict(row)) for row in store.conn.execute(CORRECTIONS_SQL)]


def corrected_statements(store: Store) -> dict[str, int]:
    """Statement id -> number of the correction that gave it its speaker now (for the pages' markers)."""
    if not _has_tables(store):
        return {}
    return {row[0]: row[1] for row in store.conn.execute("SELECT quote_id, correction_id FROM corrected_quotes")}


def merged_speakers(store: Store) -> dict[str, Correction]:
    """Speaker ref -> the merge (not undone) that moved its statements to another speaker."""
    return {c.target: c for c in list_corrections(store) if c.action == "merge" and c.undone_by is None}


def speaker_of(store: Store, ref: str) -> dict | None:
    """A speaker ref as it stands now: ``ref``, ``name``, ``type``, ``entity`` (bool), ``n_statements``."""
    entity = store.conn.execute("SELECT name, type FROM entities WHERE entity_id = ?", (ref,)).fetchone()
    if entity is not None:
        n = store.conn.execute("SELECT count(*) FROM quotes WHERE speaker_id = ? AND kind != 'term'",
                               (ref,)).fetchone()[0]
        return {"ref": ref, "name": entity[0], "type": entity[1], "entity": True, "n_statements": n}
    row = store.conn.execute("SELECT max(speaker_type), count(*) FROM quotes WHERE speaker_id IS NULL"
                             " AND speaker = ? AND kind != 'term'", (ref,)).fetchone()
    if not row[1]:
        return None
    return {"ref": ref, "name": ref, "type": row[0], "entity": False, "n_statements": row[1]}


def resolve_speaker(store: Store, typed: str) -> str:
    """The speaker ref a user typed (entity id, name or alias; a part of one that fits one speaker only).

    CorrectionError ``unknown-speaker`` or ``ambiguous-speaker`` (its value lists the matches).
    """
    typed = " ".join((typed or "").split())
    if typed and speaker_of(store, typed) is not None:
        return typed
    matches = [m for m in resolve_speakers(store, typed) if m["n_statements"] > 0] if typed else []
    if not matches:
        raise CorrectionError("unknown-speaker", f"no speaker {typed!r} (give an entity id or a name; "
                                                 "`newsprism speakers` lists them)", typed)
    if len(matches) > 1:
        listed = ", ".join(f"{m['ref']} ({m['name']})" for m in matches[:10])
        raise CorrectionError("ambiguous-speaker", f"{len(matches)} speakers match {typed!r}: {listed}; "
                                                   "give the one you mean by id", [m["ref"] for m in matches])
    return matches[0]["ref"]


def _statement(store: Store, quote_id: str) -> dict | None:
    row = store.conn.execute("SELECT quote_id, text, kind, speaker, speaker_id, speaker_type FROM quotes"
                             " WHERE quote_id = ?", (quote_id,)).fetchone()
    return dict(row) if row else None


def _ref(row: dict) -> str | None:
    return row["speaker_id"] or row["speaker"]


# -- writing --------------------------------------------------------------------------


def add_correction(store: Store, action: str, target: str, value: str | None = None, *, who: str, why: str,
                   speaker: str | None = None) -> Correction:
    """Check, record and apply one correction in one transaction; the new Correction.

    ``target``/``value`` as in :class:`~newsprism.records.Correction`; refs, not typed names
    (:func:`resolve_speaker` turns those into refs). ``split`` needs ``speaker``: the speaker
    the statement has now (a split takes statements from one speaker only); its ``value`` may
    be a new name. The caller holds the writer lock (``store.db.writer_lock``).
    CorrectionError (with a code) when the correction cannot be made.
    """
    if action not in CORRECTION_ACTIONS:
        raise CorrectionError("unknown-action", f"unknown action {action!r}; one of {', '.join(CORRECTION_ACTIONS)}",
                              action)
    why = " ".join((why or "").split())
    who = " ".join((who or "").split())
    if not why:
        raise CorrectionError("no-reason", "say why (--why): a correction without a reason cannot be judged later")
    if not who:
        raise CorrectionError("no-author", "say who makes the correction (--who)")
    target = (target or "").strip()
    with store.transaction():
        fields = _checked(store, action, target, value, speaker)
        cursor = store.conn.execute(
            "INSERT INTO corrections(action, target, value, who, at, why, target_name, target_type, value_name)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (action, target, fields["value"], who, _now(), why, fields.get("target_name"), fields.get("target_type"),
             fields.get("value_name")))
        new_id = cursor.lastrowid
        apply_corrections(store)
    return next(c for c in list_corrections(store) if c.id == new_id)


def _checked(store: Store, action: str, target: str, value: str | None, speaker: str | None) -> dict:
    """The columns to store for a correction, after checking it against the store as corrected now."""
    if action == "undo":
        try:
            number = int(target)
        except ValueError:
            raise CorrectionError("unknown-correction", f"{target!r} is not a correction number", target) from None
        found = {c.id: c for c in list_corrections(store)}
        if number not in found:
            raise CorrectionError("unknown-correction", f"no correction {number} (`newsprism fix list`)", number)
        if found[number].action == "undo":
            raise CorrectionError("undo-of-undo", f"correction {number} is an undo; make the correction again instead",
                                  number)
        if found[number].undone_by is not None:
            raise CorrectionError("already-undone", f"correction {number} was already undone by "
                                                    f"{found[number].undone_by}", number)
        return {"value": None, "target_name": found[number].action}
    if action == "merge":
        source = speaker_of(store, target)
        if source is None or not source["n_statements"]:
            raise CorrectionError("unknown-speaker", f"no speaker {target!r} with statements to merge", target)
        into = speaker_of(store, value or "")
        if into is None:
            raise CorrectionError("unknown-speaker", f"no speaker {value!r} to merge into", value)
        if into["ref"] == source["ref"]:
            raise CorrectionError("same-speaker", f"{target!r} cannot be merged into itself", target)
        return {"value": into["ref"], "target_name": source["name"], "target_type": source["type"],
                "value_name": into["name"]}
    statement = _statement(store, target)
    if statement is None:
        rejected = store.conn.execute("SELECT correction_id FROM rejected_quotes WHERE quote_id = ?",
                                      (target,)).fetchone()
        if rejected is not None:
            raise CorrectionError("already-rejected", f"statement {target} was rejected by correction {rejected[0]}"
                                                      " (undo that first)", target)
        raise CorrectionError("unknown-statement", f"no statement {target!r} (ids look like ARTICLE_ID:START-END)",
                              target)
    fields = {"target_name": statement["text"], "target_type": statement["kind"], "value": None}
    if action == "reject":
        return fields
    if action == "split":
        if speaker is None or _ref(statement) != speaker:
            raise CorrectionError("not-this-speaker", f"statement {target} is not {speaker!r}'s "
                                                      f"(its speaker is {_ref(statement)!r})", target)
        name = " ".join((value or "").split())
        if not name:
            raise CorrectionError("unknown-speaker", "name the speaker the statement goes to", value)
        into = speaker_of(store, name)
        fields.update(value=name, value_name=into["name"] if into else name)
    else:  # reassign
        into = speaker_of(store, value or "")
        if into is None:
            raise CorrectionError("unknown-speaker", f"no speaker {value!r} to give the statement to", value)
        fields.update(value=into["ref"], value_name=into["name"])
    if fields["value"] == _ref(statement):
        raise CorrectionError("same-speaker", f"statement {target} is {fields['value']!r}'s already", target)
    return fields


# -- applying -----------------------------------------------------------------------------


def apply_corrections(store: Store) -> None:
    """Put back what corrections changed, then apply every correction not undone, in the order made.

    Runs inside the caller's transaction (corpus phase, new correction); does nothing, and
    costs one look-up, in a database without corrections.
    """
    if not _has_tables(store):
        return
    if not store.conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone():
        return
    _restore(store)
    corrections = list_corrections(store)
    for c in corrections:
        if c.action == "undo" or c.undone_by is not None:
            continue
        if c.action == "merge":
            _set_speaker(store, _speaker_statements(store, c), c.value, c.id)
            continue
        statement = _statement(store, c.target)
        if statement is None or (c.target_name is not None and statement["text"] != c.target_name):
            continue  # not in the store now, or its article's text changed: listed as not applied
        if c.action == "reject":
            _reject(store, c.target, c.id)
        else:
            _set_speaker(store, [c.target], c.value, c.id)


def _quote_columns(store: Store) -> list[str]:
    return [r[1] for r in store.conn.execute("PRAGMA table_info(quotes)")]


def _restore(store: Store) -> None:
    """``quotes`` as the analysis left it: rejected rows back (at their row ids), analysed speakers back."""
    columns = _quote_columns(store)
    for quote_id, rowid, row in store.conn.execute(
            "SELECT quote_id, quote_rowid, row FROM rejected_quotes ORDER BY quote_rowid").fetchall():
        values = json.loads(row)
        names = [c for c in columns if c in values]
        taken = rowid is None or store.conn.execute("SELECT 1 FROM quotes WHERE rowid = ?", (rowid,)).fetchone()
        listed = ", ".join(f'"{c}"' for c in names)
        marks = ", ".join("?" * len(names))
        if taken:
            store.conn.execute(f"INSERT OR IGNORE INTO quotes({listed}) VALUES ({marks})", [values[c] for c in names])
        else:
            store.conn.execute(f"INSERT OR IGNORE INTO quotes(rowid, {listed}) VALUES (?, {marks})",
                               [rowid, *(values[c] for c in names)])
    store.conn.execute("DELETE FROM rejected_quotes")
    store.conn.executemany(
        "UPDATE quotes SET speaker = ?, speaker_id = ?, speaker_type = ? WHERE quote_id = ?",
        store.conn.execute("SELECT speaker, speaker_id, speaker_type, quote_id FROM corrected_quotes").fetchall())
    store.conn.execute("DELETE FROM corrected_quotes")


def _speaker_statements(store: Store, merge: Correction) -> list[str]:
    """Statements of the speaker a merge names: by entity id, else the entity of its recorded name and
    type, else (a speaker no entity holds) by name."""
    ref = merge.target
    if not store.conn.execute("SELECT 1 FROM entities WHERE entity_id = ?", (ref,)).fetchone():
        same = store.conn.execute("SELECT entity_id FROM entities WHERE name = ? AND type IS ? ORDER BY entity_id"
                                  " LIMIT 1", (merge.target_name, merge.target_type)).fetchone()
        if same is not None and merge.target_name != ref:
            ref = same[0]
        else:
            return [r[0] for r in store.conn.execute(
                "SELECT quote_id FROM quotes WHERE speaker_id IS NULL AND speaker = ?", (ref,))]
    return [r[0] for r in store.conn.execute("SELECT quote_id FROM quotes WHERE speaker_id = ?", (ref,))]


def _set_speaker(store: Store, quote_ids: list[str], ref: str, correction_id: int) -> None:
    """Give these statements speaker ``ref``, keeping their analysed speaker in ``corrected_quotes``.

    An entity ref sets ``speaker_id`` (the article's own name for the speaker stays in ``speaker``);
    a name no entity holds becomes ``speaker`` with no ``speaker_id``.
    """
    if not quote_ids:
        return
    entity = store.conn.execute("SELECT type FROM entities WHERE entity_id = ?", (ref,)).fetchone()
    if entity is None:
        named = store.conn.execute("SELECT max(speaker_type) FROM quotes WHERE speaker_id IS NULL AND speaker = ?",
                                   (ref,)).fetchone()
        type_ = named[0] if named else None
    else:
        type_ = entity[0]
    for quote_id in quote_ids:
        store.conn.execute(
            "INSERT INTO corrected_quotes(quote_id, article_id, speaker, speaker_id, speaker_type, correction_id)"
            " SELECT quote_id, article_id, speaker, speaker_id, speaker_type, ? FROM quotes WHERE quote_id = ?"
            " ON CONFLICT(quote_id) DO UPDATE SET correction_id = excluded.correction_id", (correction_id, quote_id))
        if entity is not None:
            store.conn.execute("UPDATE quotes SET speaker_id = ?, speaker_type = coalesce(?, speaker_type)"
                               " WHERE quote_id = ?", (ref, type_, quote_id))
        else:
            store.conn.execute("UPDATE quotes SET speaker_id = NULL, speaker = ?, speaker_type = coalesce(?, speaker_type)"
                               " WHERE quote_id = ?", (ref, type_, quote_id))


def _reject(store: Store, quote_id: str, correction_id: int) -> None:
    """Move a statement out of ``quotes`` into ``rejected_quotes`` (so no page, count or export shows it)."""
    cursor = store.conn.execute("SELECT rowid, * FROM quotes WHERE quote_id = ?", (quote_id,))
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        return
    values = dict(zip(names[1:], row[1:]))
    try:
        store.conn.execute("INSERT INTO rejected_quotes(quote_id, article_id, quote_rowid, row, correction_id)"
                           " VALUES (?,?,?,?,?)", (quote_id, values["article_id"], row[0],
                                                   json.dumps(values, ensure_ascii=False), correction_id))
    except sqlite3.IntegrityError as exc:  # pragma: no cover - a statement is rejected once per application
        raise StoreError(f"statement {quote_id}: {exc}") from exc
    store.conn.execute("DELETE FROM quotes WHERE quote_id = ?", (quote_id,))
