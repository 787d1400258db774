#!/usr/bin/env python3
"""Quick exploration of models chosen for transfer across DEAM's years (issue 19); scikit-learn, not shipped.
Trains 2013->2014, 2014->2013, 2013+2014->2015 and prints Spearman per axis, plus 10-fold R2 (mixed years).
DEAM from $DEAM_DIR. Usage: python3 bench/transfer_explore.py [name-substring ...]"""
import os, sys, numpy as np, pandas as pd
from scipy.stats import spearmanr
from sklearn.cross_decomposition import PLSRegression
from sklearn.linear_model import Ridge
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import KFold
D = os.environ.get("DEAM_DIR", "../shared/data/deam") + "/"
X = pd.read_csv(D + "derived/specteral_data.csv")
a1 = pd.read_csv(D + "annotations/static_annotations_averaged_songs_1_2000.csv"); a1.columns = [c.strip() for c in a1.columns]
a2 = pd.read_csv(D + "annotations/static_annotations_averaged_songs_2000_2058.csv"); a2.columns = [c.strip() for c in a2.columns]
a = pd.concat([a1[["song_id", "valence_mean", "arousal_mean"]], a2[["song_id", "valence_mean", "arousal_mean"]]])
df = X.merge(a, on="song_id").sort_values("song_id").reset_index(drop=True)
feats = [c for c in X.columns if c != "song_id"]
nondelta = [c for c in feats if "_de" not in c.replace("_amean", "")]
year = np.where(df.song_id <= 1000, 0, np.where(df.song_id <= 2000, 1, 2))
Y = df[["valence_mean", "arousal_mean"]].values
def prep(F, cols, log):
    M = F[cols].values.astype(float)
    if log:
        pos = (M > 0).all(axis=0)
        M[:, pos] = np.log(M[:, pos])
    return M
def stdz(tr, te):
    m, s = tr.mean(0), tr.std(0); s[s == 0] = 1
    return (tr - m) / s, (te - m) / s
def fit_predict(model, Xtr, ytr, ytr_year, Xte, te_year_groups, mode):
    # mode: 'pooled' scaler from training; 'percoll' each collection standardised by its own stats
    if mode == "percoll":
        Xtr = Xtr.copy(); Xte = Xte.copy()
        for g in np.unique(ytr_year):
            i = ytr_year == g; Xtr[i] = stdz(Xtr[i], Xtr[i])[0]
        for g in np.unique(te_year_groups):
            i = te_year_groups == g; Xte[i] = stdz(Xte[i], Xte[i])[0]
    else:
        Xtr, Xte = stdz(Xtr, Xte)
    return model(Xtr, ytr, Xte)
def pls(n):
    def f(Xtr, ytr, Xte):
        p = PLSRegression(n_components=n, scale=False).fit(Xtr, ytr - ytr.mean(0)); return p.predict(Xte) + ytr.mean(0)
    return f
def ridge(alpha):
    def f(Xtr, ytr, Xte): return Ridge(alpha=alpha).fit(Xtr, ytr).predict(Xte)
    return f
def hgb(**kw):
    def f(Xtr, ytr, Xte):
        return np.column_stack([HistGradientBoostingRegressor(random_state=0, **kw).fit(Xtr, ytr[:, k]).predict(Xte) for k in range(2)])
    return f
def center_y(ytr, yr):  # per-year rating offsets removed (add back the pooled mean)
    y = ytr.copy(); mu = ytr.mean(0)
    for g in np.unique(yr): i = yr == g; y[i] = y[i] - y[i].mean(0) + mu
    return y
# Role sets (issue 19): DEAM-format feature files written by `mood extract --out DIR` for the game music of
# asc-music, hyperrogue-music, singularity-music, planetblupi-music-ogg; labelled by RoleLabel's rule
# (Sources/MERModel/Evaluation/RoleLabels.swift), from the path below the package's music folder.
ROLE_DIR = os.environ.get("ROLE_FEATURES")   # folder of <stem>.csv feature files
ROLE_LIST = os.environ.get("ROLE_FILES")     # the audio paths, one per line
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from role_labels import role_label
roles = None
if ROLE_DIR and ROLE_LIST:
    rows, labels = [], []
    for path in open(ROLE_LIST).read().split("\n"):
        if not path: continue
        stem = os.path.splitext(os.path.basename(path))[0]
        f = os.path.join(ROLE_DIR, stem + ".csv")
        if not os.path.exists(f): continue
        fr = pd.read_csv(f, sep=";")
        vec = {c[:-len("_amean")] + "_amean": fr[c].mean() for c in fr.columns if c.endswith("_amean")}
        rows.append(vec)
        rel = path.split("/music/", 1)[1]
        labels.append(role_label(rel))
    roles = (pd.DataFrame(rows)[feats], labels)
def auc(scores, labels):
    from sklearn.metrics import roc_auc_score
    keep = [i for i, l in enumerate(labels) if l is not None]
    if len({labels[i] for i in keep}) < 2: return float("nan")
    return roc_auc_score([labels[i] for i in keep], [scores[i] for i in keep])
def run(name, model, cols, log=False, mode="pooled", offsets=False, rank=False):
    M = prep(df, cols, log)
    out = [name]
    for tr_years, te_year in (([0], 1), ([1], 0), ([0, 1], 2)):
        tr = np.isin(year, tr_years); te = year == te_year
        ytr = Y[tr]
        if offsets: ytr = center_y(ytr, year[tr])
        P = fit_predict(model, M[tr], ytr, year[tr], M[te], year[te], mode)
        out.append("V %.2f A %.2f" % (spearmanr(P[:, 0], Y[te, 0]).correlation, spearmanr(P[:, 1], Y[te, 1]).correlation))
    # in-distribution 10-fold R2 (mixed years)
    P = np.zeros_like(Y)
    for trn, tst in KFold(10, shuffle=True, random_state=0).split(M):
        ytr = Y[trn]
        if offsets: ytr = center_y(ytr, year[trn])
        P[tst] = fit_predict(model, M[trn], ytr, year[trn], M[tst], year[tst], mode)
    r2 = [1 - ((P[:, k] - Y[:, k]) ** 2).sum() / ((Y[:, k] - Y[:, k].mean()) ** 2).sum() for k in range(2)]
    out.append("R2 %.3f" % np.mean(r2))
    if roles is not None:
        R = prep(roles[0], cols, log)
        ytr = center_y(Y, year) if offsets else Y
        # the role set is one collection: per-collection mode standardises it by its own statistics
        P = fit_predict(model, M, ytr, year, R, np.zeros(len(R), dtype=int), mode)
        out.append("roles A-AUC %.2f V-AUC %.2f" % (auc(P[:, 1], [l[0] for l in roles[1]]), auc(P[:, 0], [l[1] for l in roles[1]])))
    print(" | ".join(out), flush=True)
configs = {}
for n in (2, 3, 4, 6, 8):
    for mode in ("pooled", "percoll"):
        for cols, cn in ((feats, "all"), (nondelta, "nd")):
            configs[f"pls{n}-{cn}-{mode}"] = dict(model=pls(n), cols=cols, mode=mode)
            configs[f"pls{n}-{cn}-log-{mode}"] = dict(model=pls(n), cols=cols, mode=mode, log=True)
for al in (10, 100, 1000, 3000):
    for mode in ("pooled", "percoll"):
        configs[f"ridge{al}-nd-log-{mode}"] = dict(model=ridge(al), cols=nondelta, mode=mode, log=True)
        configs[f"ridge{al}-all-{mode}"] = dict(model=ridge(al), cols=feats, mode=mode)
configs["hgb-all-pooled"] = dict(model=hgb(), cols=feats)
configs["hgb-nd-pooled"] = dict(model=hgb(), cols=nondelta)
configs["hgbtuned-all-pooled"] = dict(model=hgb(learning_rate=0.03, max_iter=600, max_leaf_nodes=15, min_samples_leaf=30, l2_regularization=1), cols=feats)
configs["hgbtuned-nd-pooled"] = dict(model=hgb(learning_rate=0.03, max_iter=600, max_leaf_nodes=15, min_samples_leaf=30, l2_regularization=1), cols=nondelta)
configs["hgbtuned-nd-percoll"] = dict(model=hgb(learning_rate=0.03, max_iter=600, max_leaf_nodes=15, min_samples_leaf=30, l2_regularization=1), cols=nondelta, mode="percoll")
configs["hgbtuned-nd-offsets"] = dict(model=hgb(learning_rate=0.03, max_iter=600, max_leaf_nodes=15, min_samples_leaf=30, l2_regularization=1), cols=nondelta, offsets=True)
configs["hgb-shallow-nd-pooled"] = dict(model=hgb(max_depth=2, learning_rate=0.05, max_iter=300), cols=nondelta)
sel = sys.argv[1:]
for name, c in configs.items():
    if sel and not any(s in name for s in sel): continue
    run(name, **c)
