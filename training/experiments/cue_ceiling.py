"""How far the cue step can go with what runs here: the numbers behind docs/statements.md.

Overlap F1 on PolNeAR follows cue F1 almost one for one, so this script measures cue F1 on the
dev candidates (the tokens the shipped model scores) for:

1. ``linear``: the shipped cue model (parse features, logistic regression);
2. ``stack``: gradient-boosted trees over the parser's own token vectors (``doc.tensor`` of the
   token, its head, its neighbours and its sentence) plus the out-of-fold linear score;
3. ``finetune``: a copy of en_core_web_sm's tok2vec fine-tuned with a cue tagger on PolNeAR
   train (``spacy train``), alone and stacked with the linear score. That stack is fit on dev by
   5-fold cross-validation, so it is an optimistic bound, not a model to ship.

Nothing here is shipped or used by the pipeline. Takes about 20 minutes on 2 cores, most of it
parsing (skipped with ``--cache-dir`` on a second run) and the fine-tuning.

Usage:
    python training/experiments/cue_ceiling.py ../shared/data/polnear --cache-dir /tmp/cue-ceiling
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from newsprism.eval.polnear import iter_split
from newsprism.extract.cues import TokenAttributes, candidate_tokens, cue_features, load_cue_lexicon, load_cue_model
from newsprism.nlp import load_nlp

sys.path.insert(0, str(Path(__file__).parent.parent))
from train_attribution import SEED, cue_heads, parse_split, quote_mask  # noqa: E402
from train_attribution import train as fit_linear  # noqa: E402

FOLDS = 5
LINEAR_C = 0.1  # the shipped cue model's C (training/train_attribution.py)


def best_f1(probabilities: np.ndarray, labels: np.ndarray, gold: int) -> tuple[float, float]:
    """The best F1 over thresholds 0.05–0.95 (recall over all gold cue heads), and its threshold."""
    best = (0.0, 0.0)
    for threshold in np.arange(0.05, 0.96, 0.05):
        chosen = probabilities >= threshold
        tp = int((chosen & (labels == 1)).sum())
        if tp == 0:
            continue
        precision, recall = tp / int(chosen.sum()), tp / gold
        best = max(best, (2 * precision * recall / (precision + recall), round(float(threshold), 2)))
    return best


def _vector(tensor: np.ndarray, i: int | None) -> np.ndarray:
    return tensor[i] if i is not None else np.zeros(tensor.shape[1], np.float32)


class Candidates:
    """Every candidate cue token of a split: sparse features, dense vectors, label, document."""

    def __init__(self, docs: list[Doc], articles: list) -> None:
        model, lexicon = load_cue_model(), load_cue_lexicon()
        self.rows, dense, labels, self.doc_ids, self.positions = [], [], [], [], []
        self.gold = 0
        for k, (doc, article) in enumerate(zip(docs, articles)):
            heads = cue_heads(doc, article)
            self.gold += len(heads)
            mask, table, tensor = quote_mask(doc), TokenAttributes.of(doc), doc.tensor
            for token in candidate_tokens(doc, model.vocabulary, table):
                sent = token.sent
                self.rows.append(cue_features(token, mask[token.i], lexicon, table))
                dense.append(np.concatenate([
                    tensor[token.i],
                    _vector(tensor, token.head.i if token.head.i != token.i else None),
                    _vector(tensor, token.i - 1 if token.i > 0 else None),
                    _vector(tensor, token.i + 1 if token.i + 1 < len(doc) else None),
                    tensor[sent.start:sent.end].mean(0),
                    [mask[token.i], len(list(token.children)), token.i - sent.start, sent.end - token.i],
                ]))
                labels.append(int(token.i in heads))
                self.doc_ids.append(k)
                self.positions.append((k, token.i))
        self.dense = np.vstack(dense).astype(np.float32)
        self.labels = np.array(labels)
        self.doc_ids = np.array(self.doc_ids)


def linear_logits(rows: list[list[str]], weights: dict[str, float]) -> np.ndarray:
    return np.array([sum(weights.get(f, 0.0) for f in row) for row in rows])


def out_of_fold_logits(train: Candidates) -> np.ndarray:
    """Each train candidate scored by a linear model fit on the other folds (documents split)."""
    logits = np.zeros(len(train.rows))
    folds = train.doc_ids % FOLDS
    for k in range(FOLDS):
        rows = [dict.fromkeys(r, 1) for r, f in zip(train.rows, folds) if f != k]
        weights = fit_linear(rows, list(train.labels[folds != k]), LINEAR_C)
        held = [r for r, f in zip(train.rows, folds) if f == k]
        logits[folds == k] = linear_logits(held, weights)
        print(f"  fold {k + 1}/{FOLDS}", file=sys.stderr)
    return logits


def stacked_trees(train: Candidates, dev: Candidates, train_logits: np.ndarray, dev_logits: np.ndarray) -> np.ndarray:
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, max_leaf_nodes=31,
                                           random_state=SEED, early_stopping=False)
    model.fit(np.column_stack([train_logits, train.dense]), train.labels)
    return model.predict_proba(np.column_stack([dev_logits, dev.dense]))[:, 1]


def _tagged(nlp, docs: list[Doc], articles: list) -> DocBin:
    """Copies of the docs whose only annotation is a CUE/O tag per token (the tagger's target)."""
    out = DocBin()
    for doc, article in zip(docs, articles):
        heads = cue_heads(doc, article)
        out.add(Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                    tags=["CUE" if t.i in heads else "O" for t in doc]))
    return out


CONFIG = """
[paths]
train = null
dev = null

[system]
seed = {seed}
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["tok2vec", "tagger"]
batch_size = 256

[components]

[components.tok2vec]
source = "{model}"

[components.tagger]
factory = "tagger"
label_smoothing = 0.05

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = 96
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
dropout = 0.1
max_epochs = {epochs}
max_steps = 0
patience = 1600
eval_frequency = 400

[training.optimizer]
@optimizers = "Adam.v1"

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001

[initialize]
"""


def fine_tuned_tagger(nlp, train_docs, train_articles, dev_docs, dev_articles, workdir: Path,
                      epochs: int) -> list[np.ndarray]:
    """Per dev doc, the fine-tuned tagger's CUE probability of every token."""
    import spacy
    from spacy.cli.train import train as spacy_train

    _tagged(nlp, train_docs, train_articles).to_disk(workdir / "train.spacy")
    _tagged(nlp, dev_docs, dev_articles).to_disk(workdir / "dev.spacy")
    from spacy.cli.init_config import fill_config

    base = workdir / "cue_tagger_base.cfg"
    base.write_text(CONFIG.format(seed=SEED, model=nlp.meta["lang"] + "_" + nlp.meta["name"], epochs=epochs),
                    encoding="utf-8")
    config = workdir / "cue_tagger.cfg"
    fill_config(config, base, silent=True)  # spaCy's defaults for everything the sketch leaves out
    spacy_train(config, workdir / "out", overrides={"paths.train": str(workdir / "train.spacy"),
                                                    "paths.dev": str(workdir / "dev.spacy")})
    tuned = spacy.load(workdir / "out" / "model-last")
    tagger = tuned.get_pipe("tagger")
    cue_column = list(tagger.labels).index("CUE")
    probabilities = []
    for doc in dev_docs:
        copy = tuned(doc.text)
        probabilities.append(tagger.model.predict([copy])[0][:, cue_column])
    return probabilities


def cross_validated_stack(features: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    out = np.zeros(len(labels))
    for fit_rows, held_rows in GroupKFold(FOLDS).split(features, labels, groups):
        model = LogisticRegression().fit(features[fit_rows], labels[fit_rows])
        out[held_rows] = model.predict_proba(features[held_rows])[:, 1]
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear_dir", type=Path, help="folder with train/ and dev/")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where the parsed splits are kept")
    parser.add_argument("--epochs", type=int, default=3, help="fine-tuning epochs")
    parser.add_argument("--skip-finetune", action="store_true")
    args = parser.parse_args(argv)
    nlp = load_nlp()
    splits = {}
    for name in ("train", "dev"):
        articles = list(iter_split(args.polnear_dir / name))
        cache = args.cache_dir / f"{name}.spacy" if args.cache_dir else None
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
        docs = parse_split(articles, cache)
        # The DocBin cache keeps no tensors: run the shared tok2vec again (as the parse did).
        tok2vec = nlp.get_pipe("tok2vec")
        for start in range(0, len(docs), 64):
            batch = docs[start:start + 64]
            tok2vec.set_annotations(batch, tok2vec.predict(batch))
        splits[name] = (docs, articles)
        print(f"{name}: {len(docs)} articles", file=sys.stderr)
    train, dev = Candidates(*splits["train"]), Candidates(*splits["dev"])
    dev_logits = linear_logits(dev.rows, load_cue_model().weights)
    linear = 1 / (1 + np.exp(-dev_logits))
    print(f"dev: {len(dev.rows)} candidates, {dev.gold} gold cue heads")
    print(f"{'cue model':<55} {'best F1':>8} {'at':>5}")

    def report(name: str, probabilities: np.ndarray) -> None:
        f1, threshold = best_f1(probabilities, dev.labels, dev.gold)
        print(f"{name:<55} {f1:8.3f} {threshold:5.2f}", flush=True)

    report("linear (shipped)", linear)
    print("out-of-fold linear scores for train …", file=sys.stderr)
    report("stack: trees over token vectors + linear",
           stacked_trees(train, dev, out_of_fold_logits(train), dev_logits))
    if not args.skip_finetune:
        with tempfile.TemporaryDirectory() as tmp:
            per_doc = fine_tuned_tagger(nlp, *splits["train"], *splits["dev"], Path(tmp), args.epochs)
        tagger = np.array([per_doc[k][i] for k, i in dev.positions])
        report("fine-tuned tok2vec tagger alone", tagger)
        stack = np.column_stack([_logit(linear), _logit(tagger), _logit(linear) * _logit(tagger)])
        report("tagger + linear, stack fit on dev by CV (optimistic)",
               cross_validated_stack(stack, dev.labels, dev.doc_ids))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
