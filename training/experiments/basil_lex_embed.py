"""Encode every BASIL lemma alone with the shipped all-MiniLM-L6-v2 (for basil_lex_candidates.py)."""
import time, numpy as np, json
from spacy.tokens import DocBin
from newsprism.nlp import load_nlp
from newsprism.encoder import load_encoder
nlp = load_nlp()
docs = list(DocBin().from_disk("/tmp/bl/basil.spacy").get_docs(nlp.vocab))
words = sorted({t.lemma_.lower() for d in docs for t in d if t.is_alpha})
t=time.time()
E = load_encoder().encode(words, batch_size=256)
np.save("/tmp/bl/emb.npy", E); json.dump(words, open("/tmp/bl/emb_words.json","w"))
print(len(words), time.time()-t)
