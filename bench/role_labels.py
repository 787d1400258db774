"""The role-set labelling rule of Sources/MERModel/Evaluation/RoleLabels.swift, for the Python scripts beside it
(bench/role_auc.py, bench/transfer_explore.py): a track's words (from its path below the package's music folder)
label it high or low arousal, positive or negative valence; None where neither or both sides match."""
import re
HIGH = ["battle", "attack", "boss", "chase", "war", "hunt", "strike", "fight", "enemy", "threat"]
LOW = ["menu", "calm", "lullaby", "ambient", "peace", "icy", "cave", "fade", "sleep", "dream"]
POS, NEG = ["win", "victory", "triumph"], ["lose", "defeat", "death", "grave"]
def role_label(name):
    words = re.findall(r"[^\W\d_]+", name.lower())
    def m(keys): return any(w.startswith(k) for w in words for k in keys)
    def d(y, n):
        a, b = m(y), m(n)
        return None if a == b else a
    return d(HIGH, LOW), d(POS, NEG)
