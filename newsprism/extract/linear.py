"""One linear model behind the cue, boundary and statement models: weights, score, probability, file.

A :class:`LinearModel` is a table of feature weights (``"bias"`` is the feature every
feature function emits); its score of a feature list is the sum of their weights and its
probability the logistic sigmoid of that sum. Models live in small JSON files — no pickle,
no scikit-learn at run time — read and written here only.

Every model is declared once, the spaCy component way but smaller: a :class:`ModelSpec`
registered by the module that owns its feature functions says which file holds it, which
weight tables the file has and the feature function each one scores, its settings with their
defaults (a threshold, a margin) and the class built from it. :func:`configure` overrides a
setting or the file (``configure("statement", threshold=0.45)``); :func:`shipped` is the
loaded model, once per process. A missing or malformed model file raises
:class:`ModelFileError` naming the file; no model is ever silently skipped.

File format (``"format": 1``; the files shipped before it have no ``format`` key and are
read as format 1): one JSON object, the settings first, then each weight table as an object
feature → weight (three decimals, near-zero weights dropped, sorted by feature).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat
from pathlib import Path
from typing import Any

from newsprism.errors import NewsprismError

__all__ = [
    "FORMAT",
    "REQUIRED",
    "LinearModel",
    "ModelFileError",
    "ModelSpec",
    "Settings",
    "Tables",
    "configure",
    "load",
    "read_model_file",
    "register",
    "registered",
    "rounded_weights",
    "save",
    "shipped",
    "sigmoid",
]

#: Version of the file format :func:`save` writes (and the newest :func:`read_model_file` reads).
FORMAT = 1
#: Scores are clipped to ±this before the sigmoid (exp overflows far beyond; the probability is 0 or 1 there).
SCORE_CLIP = 30.0
#: A weight is kept in a file when at least this large (in absolute value), rounded to :data:`DECIMALS`.
MIN_WEIGHT = 0.005
DECIMALS = 3


class ModelFileError(NewsprismError, ValueError):
    """A model file that cannot be used: ``rule`` says why, ``path`` names the file, ``value`` what was found.

    Rules: ``model-missing`` (no file), ``model-malformed`` (not a model file of the declared
    shape), ``model-format`` (written by a newer newsprism), ``model-unknown`` (no model of that
    name is registered, or no such setting).
    """

    code = "NP-E212"

    def __init__(self, rule: str, path: Path | None, message: str, value: Any = None) -> None:
        super().__init__(f"{path}: {message}" if path is not None else message, value=value)
        self.rule, self.path = rule, path


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The default of a setting the model file must carry.
REQUIRED: Any = _Required()


def sigmoid(score: float) -> float:
    """The logistic function of ``score`` (clipped to ±:data:`SCORE_CLIP`)."""
    return 1.0 / (1.0 + math.exp(-max(min(score, SCORE_CLIP), -SCORE_CLIP)))


def rounded_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights as model files keep them: three decimals, near-zero ones dropped, sorted by feature."""
    return {k: round(v, DECIMALS) for k, v in sorted(weights.items()) if abs(v) >= MIN_WEIGHT}


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Feature weights; a feature list scores the sum of its features' weights (unknown ones weigh 0)."""

    weights: Mapping[str, float]

    @property
    def bias(self) -> float:
        """The weight of the ``"bias"`` feature every feature list carries."""
        return self.weights.get("bias", 0.0)

    @property
    def feature_names(self) -> tuple[str, ...]:
        return tuple(sorted(self.weights))

    def score(self, features: Sequence[str]) -> float:
        return sum(map(self.weights.get, features, repeat(0.0)))

    def probability(self, features: Sequence[str]) -> float:
        """The model's probability that the thing ``features`` describe is positive: sigmoid of the score."""
        return sigmoid(sum(map(self.weights.get, features, repeat(0.0))))  # score() inlined: called per token


Tables = Mapping[str, LinearModel]
Settings = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """How one model is declared: its file, its weight tables, its settings, the class built from them."""

    #: The registry name (``"cue"``, ``"statement"``, ``"boundary"``).
    name: str
    #: The shipped file.
    path: Path
    #: Weight table name in the file → the feature function that table scores, in file order.
    tables: Mapping[str, Callable[..., list[str]]]
    #: Setting → default (:data:`REQUIRED`: the file must carry it), in file order. A float default
    #: takes a number, a tuple default a list of strings.
    settings: Mapping[str, Any]
    #: The model object of the tables and settings read from a file.
    build: Callable[[Tables, Settings], Any]
    #: The command that writes the file (said when it is missing).
    trained_by: str
    #: Settings and file given by :func:`configure` (they win over the file's own).
    overrides: Mapping[str, Any] = field(default_factory=dict)


_REGISTRY: dict[str, ModelSpec] = {}
_LOADED: dict[str, Any] = {}


def register(spec: ModelSpec) -> ModelSpec:
    """Declare a model (the module defining its feature functions does, on import)."""
    old = _REGISTRY.get(spec.name)
    _REGISTRY[spec.name] = spec if old is None else replace(spec, overrides=old.overrides)
    _LOADED.pop(spec.name, None)
    return _REGISTRY[spec.name]


def registered() -> dict[str, ModelSpec]:
    """Every declared model by name."""
    return dict(_REGISTRY)


def _spec(name: str) -> ModelSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ModelFileError("model-unknown", None, f"no model named {name!r}; registered: "
                             f"{', '.join(sorted(_REGISTRY)) or 'none'}", name) from None


def configure(name: str, *, path: Path | str | None = None, **settings: Any) -> None:
    """Override a model's file or settings for this process (``configure("cue", threshold=0.4)``);
    ``configure(name)`` drops the overrides. The next :func:`shipped` loads it anew."""
    spec = _spec(name)
    unknown = sorted(set(settings) - set(spec.settings))
    if unknown:
        raise ModelFileError("model-unknown", None, f"the {name} model has no setting {unknown[0]!r}; "
                             f"settings: {', '.join(spec.settings)}", unknown[0])
    overrides = {key: _checked_setting(None, key, value, spec.settings[key]) for key, value in settings.items()}
    if path is not None:
        overrides["path"] = Path(path)
    _REGISTRY[name] = replace(spec, overrides=overrides)
    _LOADED.pop(name, None)


def shipped(name: str) -> Any:
    """The model ``name`` from its configured file, loaded once per process."""
    if name not in _LOADED:
        _LOADED[name] = load(name)
    return _LOADED[name]


def load(name: str, path: Path | str | None = None) -> Any:
    """The model ``name`` read from ``path`` (default: the configured file, else the shipped one)."""
    spec = _spec(name)
    path = Path(path if path is not None else spec.overrides.get("path", spec.path))
    tables, settings = read_model_file(path, spec)
    settings.update((k, v) for k, v in spec.overrides.items() if k != "path")
    return spec.build(tables, settings)


def read_model_file(path: Path, spec: ModelSpec) -> tuple[dict[str, LinearModel], dict[str, Any]]:
    """The weight tables and settings of a file of ``spec``'s shape, or :class:`ModelFileError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelFileError("model-missing", path, f"no {spec.name} model file (write it with {spec.trained_by})",
                             str(path)) from None
    except (OSError, UnicodeError) as exc:
        raise ModelFileError("model-malformed", path, f"cannot read the {spec.name} model: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelFileError("model-malformed", path, f"not JSON ({exc})", exc.pos) from None
    if not isinstance(data, dict):
        raise ModelFileError("model-malformed", path, f"a model file is a JSON object, not {type(data).__name__}",
                             type(data).__name__)
    version = data.get("format", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelFileError("model-malformed", path, f"format {version!r} is not a version number", version)
    if version > FORMAT:
        raise ModelFileError("model-format", path, f"format {version} is newer than this newsprism reads "
                             f"({FORMAT}); upgrade newsprism or retrain with {spec.trained_by}", version)
    tables = {name: LinearModel(_checked_table(path, name, data.get(name))) for name in spec.tables}
    settings = {key: _checked_setting(path, key, data.get(key, default), default)
                for key, default in spec.settings.items()}
    return tables, settings


def _checked_table(path: Path, name: str, table: Any) -> dict[str, float]:
    if table is None:
        raise ModelFileError("model-malformed", path, f"no weight table {name!r}", name)
    if not isinstance(table, dict):
        raise ModelFileError("model-malformed", path, f"weight table {name!r} is not an object", name)
    bad = next((k for k, v in table.items() if type(v) not in (float, int)), None)
    if bad is not None:
        raise ModelFileError("model-malformed", path, f"weight of {bad!r} in {name!r} is not a number: "
                             f"{table[bad]!r}", bad)
    return table


def _checked_setting(path: Path | None, key: str, value: Any, default: Any) -> Any:
    """``value`` when it has the type of ``default`` (a number for a float, strings for a tuple)."""
    where = f"setting {key!r}"
    if value is REQUIRED:
        raise ModelFileError("model-malformed", path, f"no {where}", key)
    if isinstance(default, tuple):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ModelFileError("model-malformed", path, f"{where} is not a list of strings: {value!r:.80}", key)
        return tuple(value)
    if type(value) not in (float, int) or (key == "threshold" and not 0.0 <= value <= 1.0):
        raise ModelFileError("model-malformed", path, f"{where} is not a number"
                             f"{' in [0, 1]' if key == 'threshold' else ''}: {value!r}", key)
    return float(value)


def save(name: str, path: Path | str, tables: Tables, settings: Settings) -> None:
    """Write the model ``name`` (its tables and settings) to ``path`` in the current format.

    The training scripts write every model through here. The file is replaced whole (written
    beside it, then renamed), so an interrupted save leaves the old file.
    """
    spec = _spec(name)
    path = Path(path)
    if set(tables) != set(spec.tables) or set(settings) != set(spec.settings):
        raise ModelFileError("model-unknown", path, f"the {name} model has tables {', '.join(spec.tables)} and "
                             f"settings {', '.join(spec.settings)}; given {', '.join([*tables, *settings])}")
    data: dict[str, Any] = {"format": FORMAT}
    for key in spec.settings:
        value = settings[key]
        data[key] = sorted(value) if isinstance(spec.settings[key], tuple) else value
    for table in spec.tables:
        data[table] = rounded_weights(tables[table].weights)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=0, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
