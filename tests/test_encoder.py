"""The packaged sentence encoder (all-MiniLM-L6-v2, int8 ONNX): shape, unit vectors, similarity order,
and a clear error when its files are missing. Sentences are fictional."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.encoder import MODEL_DIR, Encoder, EncoderLoadError, load_encoder


def test_package_data_is_small_enough():
    assert sum(p.stat().st_size for p in MODEL_DIR.iterdir()) <= 30 * 1024 * 1024


def test_vectors_are_unit_length_and_384_wide():
    vectors = load_encoder().encode(["The ferry sank near the harbour.", "", "Prices rose."])
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert load_encoder().encode([]).shape == (0, 384)


@pytest.mark.parametrize("anchor, close, far", [
    ("At least 40 people have died in the floods", "at least 40 people had died in the floods",
     "The orchestra will tour three countries next spring"),
    ("We will never sign this treaty", "he would never sign the treaty", "The harvest was early this year"),
])
def test_versions_of_one_statement_are_closer_than_other_statements(anchor, close, far):
    a, b, c = load_encoder().encode([anchor, close, far])
    assert float(a @ b) > 0.75 and float(a @ b) > float(a @ c) + 0.3


def test_missing_files_give_a_clear_error(tmp_path):
    with pytest.raises(EncoderLoadError, match="model.onnx"):
        Encoder(tmp_path)
