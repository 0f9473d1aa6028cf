"""The training scripts reproduce their models: run each on a few PolNeAR train articles, twice."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from newsprism.extract.boundaries import BoundaryModel
from newsprism.extract.confidence import StatementModel
from newsprism.extract.cues import CueModel
from newsprism.extract.linear import FORMAT
from tests.conftest import POLNEAR

TRAINING = Path(__file__).resolve().parents[2] / "training"
ARTICLES = 6


@pytest.fixture(scope="module")
def scripts():
    sys.path.insert(0, str(TRAINING))
    try:
        yield {name: importlib.import_module(name)
               for name in ("train_attribution", "train_boundaries", "train_statements")}
    finally:
        sys.path.remove(str(TRAINING))


@pytest.fixture(scope="module")
def small_split(tmp_path_factory):
    """The first few train articles, linked into a split folder of their own."""
    source = POLNEAR / "train"
    root = tmp_path_factory.mktemp("polnear-small")
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    for text in sorted((source / "text").glob("*.txt"))[:ARTICLES]:
        (root / "text" / text.name).symlink_to(text)
        for ann in (source / "attributions").glob(f"{text.stem}_*.ann"):
            (root / "attributions" / ann.name).symlink_to(ann)
    return root


@pytest.mark.parametrize(
    "script, loader",
    [("train_attribution", CueModel.load), ("train_boundaries", BoundaryModel.load),
     ("train_statements", StatementModel.load)],
)
def test_script_writes_a_loadable_model_deterministically(scripts, small_split, tmp_path, script, loader):
    cache = tmp_path.parent / "small.spacy"  # shared by the three scripts: parse once
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert scripts[script].main([str(small_split), "--cache", str(cache), "--out", str(first)]) == 0
    assert scripts[script].main([str(small_split), "--cache", str(cache), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert loader(first) is not None
    assert next(iter(json.loads(first.read_text(encoding="utf-8")).items())) == ("format", FORMAT)  # the shared save
