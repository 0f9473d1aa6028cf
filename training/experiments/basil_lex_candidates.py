"""Issue 16 attempts: logistic regression over candidate tokens (lexicon matches + content words, or lexicon
matches only with "lexonly"), optional all-MiniLM-L6-v2 word embeddings ("emb"; run basil_lex_embed.py first).
Titles not scored. Usage: python training/experiments/basil_lex_candidates.py base,vader,verbs,emb [...,lexonly]
"""
import sys, itertools, json
ARGS = sys.argv[1:]
sys.argv=[sys.argv[0]]
exec(open(__import__("pathlib").Path(__file__).with_name("basil_lex_tokens.py")).read().split('if __name__ == "__main__":')[0])
from scipy import sparse
from newsprism.eval.basil_lex import learn_drops, word_tokens
years = sorted({a.year for a in arts})
W = json.load(open("/tmp/bl/emb_words.json")); E = np.load("/tmp/bl/emb.npy"); WI = {w:i for i,w in enumerate(W)}
CONTENT = {"ADJ","ADV","VERB","NOUN"}
byyear = {y:[i for i,a in enumerate(arts) if a.year==y] for y in years}
# rows: (doc index, token i, char span, gold, candidate?)
def rows_of(G):
    R = []
    for k,(a,d) in enumerate(zip(arts,docs)):
        body = a.sentences[1][0]
        cats = {}
        for s,e,cat,key in _lexicon_spans(d, HAND):
            for i in range(s,e): cats[i]=(cat,key)
        quoted = quoted_regions(d.text)
        for t in d:
            if t.is_punct or t.is_space or t.idx < body: continue
            cand = t.i in cats or ("lexonly" not in G and t.pos_ in CONTENT and not t.is_stop and t.ent_type_ not in _NAME_ENTS)
            if not cand: continue
            lem = t.lemma_.lower(); f = {}
            f["pos="+t.pos_]=1
            if t.i in cats: f["cat="+cats[t.i][0]]=1; f["cat"]=1
            q = [(x,z) for x,z in quoted if x<=t.idx<z]
            if q: n=len(d.text[q[0][0]:q[0][1]].split()); f["q="+("short" if n<=3 else "long")]=1
            if "vader" in G:
                v = VADER.get(t.lower_, VADER.get(lem))
                if v is not None: f["vader"]=1; f["vabs"]=abs(v)/4
            if "verbs" in G:
                if lem in VERBS: f["verb="+VERBS[lem].split("/")[0]]=1
                if lem in LABELS: f["label"]=1
            if "dep" in G: f["dep="+t.dep_]=1; f["tag="+t.tag_]=1
            if "ctx" in G:
                for o in (-1,1):
                    j=t.i+o
                    if 0<=j<len(d): f[f"pos{o}="+d[j].pos_]=1
            R.append((k, t.i, (t.idx,t.idx+len(t.text)), _overlaps(t.idx,t.idx+len(t.text),a.gold), f, WI.get(lem, -1), t.i in cats, cats.get(t.i,(None,None))[1]))
    return R
def allgold():
    # gold word tokens in body per doc (incl. non-candidates) for fn counting
    n = {}
    for k,(a,d) in enumerate(zip(arts,docs)):
        body=a.sentences[1][0]
        n[k]=sum(1 for s,e in word_tokens(d) if s>=body and _overlaps(s,e,a.gold))
    return n
GOLD = allgold()
def matrix(R, G, dv=None):
    X = [r[4] for r in R]
    if dv is None: dv = DictVectorizer(); Xs = dv.fit_transform(X)
    else: Xs = dv.transform(X)
    if "emb" in G:
        M = np.zeros((len(R), E.shape[1]), np.float32)
        for j,r in enumerate(R):
            if r[5]>=0: M[j]=E[r[5]]
        Xs = sparse.hstack([Xs, sparse.csr_matrix(M*EMBSCALE)]).tocsr()
    return Xs, dv
EMBSCALE = 1.0
def evaluate_rows(R, p, th, docs_idx):
    g = np.fromiter((r[3] for r in R), bool, len(R)); pr = np.asarray(p) >= th
    tp = int((g & pr).sum()); fp = int((pr & ~g).sum())
    fn = sum(GOLD[k] for k in docs_idx) - tp
    return np.array([tp,fp,fn])
def loyo(G, Cs=(0.1,), drop_learn=True):
    R = rows_of(G)
    X, dv = matrix(R, G)
    y = np.array([int(r[3]) for r in R]); yr = np.array([arts[r[0]].year for r in R])
    tot = np.zeros(3,int); per={}
    for hold in years:
        inner = [x for x in years if x!=hold]
        preds = {C: np.zeros(len(R)) for C in Cs}
        for iy in inner:
            itr = (yr!=hold)&(yr!=iy); ite = yr==iy
            for C in Cs:
                m = LogisticRegression(C=C, solver="liblinear").fit(X[itr], y[itr]); preds[C][ite]=m.predict_proba(X[ite])[:,1]
        tr = yr!=hold
        Rtr = [r for r,b in zip(R,tr) if b]; tr_docs=[i for y_ in inner for i in byyear[y_]]
        best=None
        for C in Cs:
            ptr = preds[C][tr]
            for th in THS:
                s = f1(*evaluate_rows(Rtr, ptr, th, tr_docs))[0]
                if best is None or s>best[0]: best=(s,C,th)
        _,C,th = best
        m = LogisticRegression(C=C, solver="liblinear").fit(X[tr], y[tr])
        p = m.predict_proba(X[~tr])[:,1]
        Rte = [r for r,b in zip(R,tr) if not b]
        c = evaluate_rows(Rte, p, th, byyear[hold]); tot+=c; per[hold]=(f1(*c)[0],C,th, best[0])
    F,P,Rr = f1(*tot)
    print(",".join(G), f"all F1 {F:.3f} P {P:.3f} R {Rr:.3f} | " + " ".join(f"{k} {v[0]:.3f}(C{v[1]},t{v[2]:.3f},in{v[3]:.3f})" for k,v in per.items()), flush=True)
for g in ARGS:
    loyo(set(g.split(",")))
