"""Issue 16 attempts (docs/framing.md, "Every attempt"): token logistic regression over all tokens, leave-one-year-out,
C and threshold by inner leave-one-year-out. Not part of the package; numbers are in docs/framing.md.

Needs the parsed BASIL cache: python training/learn_loaded_terms.py ../shared/data/basil --cache /tmp/bl/basil.spacy --out /tmp/x.tsv
Usage: python training/experiments/basil_lex_tokens.py lex,pos lex,pos,vader,verbs,quote,name ...
"""
import sys, math, time, json, csv
from collections import Counter, defaultdict
import numpy as np
from spacy.tokens import DocBin
from sklearn.feature_extraction import FeatureHasher, DictVectorizer
from sklearn.linear_model import LogisticRegression
from newsprism.eval.basil_lex import load_lex_articles, _overlaps, vader_lexicon, learn_terms, learn_drops
from newsprism.extract.loaded import load_lexicon, _lexicon_spans, quoted_regions, _in_name, _NAME_ENTS
from newsprism.nlp import load_nlp
from newsprism.data import data_path

arts = load_lex_articles("../shared/data/basil")
nlp = load_nlp()
docs = list(DocBin().from_disk("/tmp/bl/basil.spacy").get_docs(nlp.vocab))
HAND = load_lexicon(learned=False)

def vader_vals():
    import vaderSentiment
    from pathlib import Path
    p = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    out = {}
    for line in p.open(encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 2: out[f[0].lower()] = float(f[1])
    return out
VADER = vader_vals()
VERBS = {}
for line in data_path("verbs.tsv").read_text().splitlines():
    if line.startswith("#") or line.startswith("lemma\t") or not line.strip(): continue
    f = line.split("\t"); VERBS.setdefault(f[0], f[1] + "/" + f[2])
LABELS = {}
for line in data_path("evaluative_labels.tsv").read_text().splitlines():
    if line.startswith("#") or line.startswith("term\t") or not line.strip(): continue
    f = line.split("\t"); LABELS.setdefault(f[0], f[1])

def token_rows(doc, lexicon, groups):
    """per word token: (char span, feature dict)"""
    cats = {}
    for a, b, cat, key in _lexicon_spans(doc, lexicon):
        for i in range(a, b): cats[i] = (cat, i == a)
    quoted = quoted_regions(doc.text)
    first_nl = doc.text.find("\n")
    rows = []
    for t in doc:
        if t.is_punct or t.is_space: continue
        lem = t.lemma_.lower(); low = t.lower_
        f = {}
        G = groups
        if "lex" in G:
            if t.i in cats:
                c, head = cats[t.i]; f["cat=" + c] = 1; f["cat"] = 1
        if "lemma" in G:
            f["lem=" + lem] = 1
        if "pos" in G:
            f["pos=" + t.pos_] = 1; f["tag=" + t.tag_] = 1; f["dep=" + t.dep_] = 1
            f["stop"] = int(t.is_stop)
            f["cap"] = int(t.text[:1].isupper() and t.i > 0 and not t.is_sent_start)
        if "vader" in G:
            v = VADER.get(low, VADER.get(lem))
            if v is not None:
                f["vader"] = 1; f["vabs"] = abs(v); f["vneg"] = int(v < 0)
                f["vpos=" + t.pos_] = 1
        if "verbs" in G:
            if lem in VERBS: f["verb=" + VERBS[lem]] = 1
            if lem in LABELS: f["label=" + LABELS[lem]] = 1
        if "quote" in G:
            q = [(a, b) for a, b in quoted if a <= t.idx < b]
            if q:
                a, b = q[0]; n = len(doc.text[a:b].split())
                f["inq"] = 1
                f["qlen=" + ("1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "long")] = 1
        if "name" in G:
            if t.ent_type_ in _NAME_ENTS: f["ent"] = 1
            if first_nl < 0 or t.idx < first_nl: f["title"] = 1
        if "ctx" in G:
            for k in (-1, 1):
                j = t.i + k
                if 0 <= j < len(doc):
                    u = doc[j]
                    f[f"pos{k}=" + u.pos_] = 1
                    if j in cats: f[f"cat{k}"] = 1
                    if "vader" in G and (u.lower_ in VADER): f[f"vader{k}"] = 1
            f["hpos=" + t.head.pos_] = 1
            if t.head.i in cats: f["hcat"] = 1
        if "ctxlem" in G:
            for k in (-1, 1):
                j = t.i + k
                if 0 <= j < len(doc): f[f"lem{k}=" + doc[j].lemma_.lower()] = 1
            f["hlem=" + t.head.lemma_.lower()] = 1
        if "shape" in G:
            f["suf3=" + low[-3:]] = 1
            f["len"] = min(len(low), 15) / 15
        rows.append(((t.idx, t.idx + len(t.text)), f))
    return rows

def build(groups, lexicon_by_year=None):
    data = []
    for a, d in zip(arts, docs):
        lex = HAND if lexicon_by_year is None else lexicon_by_year[a.year]
        for span, f in token_rows(d, lex, groups):
            data.append((a.year, f, int(_overlaps(span[0], span[1], a.gold))))
    return data

def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    return 2 * p * r / (p + r) if p + r else 0, p, r

def fit(X, y, C):
    m = LogisticRegression(C=C, solver="liblinear", max_iter=1000)
    m.fit(X, y); return m

def counts(p, y, th):
    pr = p >= th
    return int((pr & (y == 1)).sum()), int((pr & (y == 0)).sum()), int((~pr & (y == 1)).sum())

THS = np.round(np.concatenate([np.arange(0.005, 0.05, 0.0025), np.arange(0.05, 0.6, 0.01)]), 4)
def loyo(data, Cs=(0.03, 0.1, 0.3, 1.0), verbose=True):
    years = sorted({y for y, _, _ in data})
    dv = DictVectorizer()
    X = dv.fit_transform([f for _, f, _ in data]); y = np.array([l for _, _, l in data])
    yr = np.array([y_ for y_, _, _ in data])
    tot = np.zeros(3, int); per = {}
    for hold in years:
        tr = yr != hold
        # inner LOYO on training years: choose C and threshold by pooled counts
        best = None
        inner_years = [x for x in years if x != hold]
        preds = {C: np.zeros(len(y)) for C in Cs}
        for iy in inner_years:
            itr = tr & (yr != iy); ite = yr == iy
            for C in Cs:
                m = fit(X[itr], y[itr], C)
                preds[C][ite] = m.predict_proba(X[ite])[:, 1]
        for C in Cs:
            for th in THS:
                c = counts(preds[C][tr], y[tr], th)
                s = f1(*c)[0]
                if best is None or s > best[0]: best = (s, C, th)
        _, C, th = best
        m = fit(X[tr], y[tr], C)
        p = m.predict_proba(X[~tr])[:, 1]
        c = counts(p, y[~tr], th)
        per[hold] = (f1(*c)[0], C, th); tot += c
    F, P, R = f1(*tot)
    if verbose:
        print(f"  all F1 {F:.3f} P {P:.3f} R {R:.3f} | " + " ".join(f"{k} {v[0]:.3f}(C{v[1]},t{v[2]:.2f})" for k, v in per.items()), flush=True)
    return F, per

if __name__ == "__main__":
    configs = [g.split(",") for g in sys.argv[1:]]
    for G in configs:
        t = time.time()
        data = build(set(G))
        print(",".join(G), f"({time.time()-t:.0f}s build)", flush=True)
        loyo(data)
