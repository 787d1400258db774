#!/usr/bin/env python3
"""Role-set AUC of a model's placements (issue 19). Reads `mood catalog list --scale absolute --format json` of a catalog
filled with `mood catalog add FEATURES_DIR` (DEAM-format feature files written by `mood extract --out FEATURES_DIR`),
maps each feature file back to its audio path (one per line in FILES), labels it by RoleLabel's rule
(Sources/MERModel/Evaluation/RoleLabels.swift) and prints arousal AUC (high vs low roles) and valence AUC.
Usage: python3 bench/role_auc.py FILES catalog-list.json"""
import json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from role_labels import role_label as label
def auc(pairs):
    pos = [s for s, l in pairs if l]; neg = [s for s, l in pairs if not l]
    if not pos or not neg: return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
files = [l for l in open(sys.argv[1]).read().split("\n") if l]
by_stem = {os.path.splitext(os.path.basename(f))[0]: f for f in files}
data = json.load(open(sys.argv[2]))
tracks = data["tracks"] if isinstance(data, dict) else data
rows = []
for t in tracks:
    stem = os.path.splitext(os.path.basename(t["path"]))[0]
    audio = by_stem.get(stem)
    if audio is None: continue
    rel = audio.split("/music/", 1)[1]
    a, v = label(rel)
    rows.append((rel, t["valence"], t["arousal"], a, v))
for r in sorted(rows, key=lambda r: -r[2]):
    print("%-40s V %.2f A %.2f arousal-role %-5s valence-role %s" % r)
A = [(r[2], r[3]) for r in rows if r[3] is not None]; V = [(r[1], r[4]) for r in rows if r[4] is not None]
print("arousal AUC %.3f (%d high, %d low); valence AUC %.3f (%d positive, %d negative); %d tracks" % (
    auc(A), sum(l for _, l in A), sum(not l for _, l in A), auc(V), sum(l for _, l in V), sum(not l for _, l in V), len(rows)))
