"""Issue 16: learning settings chosen by inner leave-one-year-out, as a standalone grid (now in newsprism.eval.basil_lex)."""
import sys, itertools
sys.argv=[sys.argv[0]]
exec(open(__import__("pathlib").Path(__file__).with_name("basil_lex_tokens.py")).read().split('if __name__ == "__main__":')[0])
from newsprism.eval.basil_lex import learn_terms, learn_drops, word_tokens
years = sorted({a.year for a in arts})
NOTITLE = True
def toks(a, d):
    out = []
    body = a.sentences[1][0] if NOTITLE else 0
    for s, e in word_tokens(d):
        if s >= body: out.append((s, e, _overlaps(s, e, a.gold)))
    return out
TOK = [toks(a, d) for a, d in zip(arts, docs)]
def run(idx, lexicon):
    tp=fp=fn=0
    for i in idx:
        d = docs[i]
        pred = [(d[s].idx, d[e-1].idx+len(d[e-1].text)) for s,e,_,_ in _lexicon_spans(d, lexicon)]
        for s,e,g in TOK[i]:
            p = _overlaps(s,e,pred)
            tp += g and p; fp += p and not g; fn += g and not p
    return np.array([tp,fp,fn])
GRID = list(itertools.product([None,(2,0.3),(2,0.5),(3,0.3),(3,0.5)], [None,(4,0.0),(3,0.0),(2,0.0),(3,0.1),(4,0.15)]))
def lexicon_for(train_idx, params):
    add, drop = params
    A=[arts[i] for i in train_idx]; D=[docs[i] for i in train_idx]
    lex = HAND
    if drop: lex = lex.without(learn_drops(HAND, A, D, min_count=drop[0], max_share=drop[1]))
    if add: lex = lex.with_terms(learn_terms(A, D, min_count=add[0], min_share=add[1]), category="learned")
    return lex
byyear = {y:[i for i,a in enumerate(arts) if a.year==y] for y in years}
tot = np.zeros(3,int)
for hold in years:
    inner = [y for y in years if y!=hold]
    scores = {}
    for params in GRID:
        c = np.zeros(3,int)
        for iy in inner:
            tr = [i for y in inner if y!=iy for i in byyear[y]]
            c += run(byyear[iy], lexicon_for(tr, params))
        scores[params] = f1(*c)[0]
    best = max(GRID, key=lambda p: scores[p])
    tr = [i for y in inner for i in byyear[y]]
    c = run(byyear[hold], lexicon_for(tr, best)); tot += c
    print(hold, best, f"inner {scores[best]:.3f}", f"held {f1(*c)[0]:.3f}", " default", f"{f1(*run(byyear[hold], lexicon_for(tr, ((2,0.3),(4,0.0)))))[0]:.3f}", flush=True)
print("all", f1(*tot))
