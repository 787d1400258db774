"""Peer of `mood bench linalg`: the same steps with numpy / scikit-learn.
Usage: python3 bench/numpy_linalg.py DEAM_DIR [ITERATIONS]  (median wall-clock ms per step)."""
import sys, time, numpy as np, pandas as pd, scipy.linalg as sl
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LinearRegression, RidgeCV
from sklearn.neighbors import KNeighborsRegressor
from sklearn.decomposition import PCA
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from sklearn.metrics import silhouette_score

d = sys.argv[1]; iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 20
feat = pd.read_csv(f"{d}/derived/specteral_data.csv")
a1 = pd.read_csv(f"{d}/annotations/static_annotations_averaged_songs_1_2000.csv", skipinitialspace=True)
a2 = pd.read_csv(f"{d}/annotations/static_annotations_averaged_songs_2000_2058.csv", skipinitialspace=True)
a1.columns = [c.strip() for c in a1.columns]; a2.columns = [c.strip() for c in a2.columns]
ann = pd.concat([a1[["song_id", "valence_mean", "arousal_mean"]], a2[["song_id", "valence_mean", "arousal_mean"]]])
df = feat.merge(ann, on="song_id").sort_values("song_id")
X = StandardScaler().fit_transform(df.drop(columns=["song_id", "valence_mean", "arousal_mean"]).values)
Y = df[["valence_mean", "arousal_mean"]].values
n, p = X.shape
print(f"songs {n}, features {p}, iterations {iterations} (median wall-clock ms)")

def timed(name, body, repeats=None):
    body()
    times = []
    for _ in range(repeats or iterations):
        t = time.perf_counter(); body(); times.append((time.perf_counter() - t) * 1000)
    print(f"{name:<44}{sorted(times)[len(times) // 2]:9.3f}")

G = X.T @ X; rhs = X.T @ Y
timed(f"gram XᵀX {n}×{p}", lambda: X.T @ X)
timed("gram + ridge Cholesky solve", lambda: sl.cho_solve(sl.cho_factor(X.T @ X + np.eye(p)), rhs))
timed(f"symmetric eigen {p}×{p}", lambda: np.linalg.eigh(G))
timed(f"least squares {n}×{p} (gelsd)", lambda: sl.lstsq(X, Y))
timed("LinearRegression fit", lambda: LinearRegression().fit(X, Y))
timed("RidgeCV fit (LOO over 25 alphas)", lambda: RidgeCV(alphas=np.logspace(-2, 4, 25)).fit(X, Y))
timed("PCA fit (all components)", lambda: PCA().fit(X))
tr, te = slice(0, n * 9 // 10), slice(n * 9 // 10, min(n, n * 9 // 10 + 180))
knn = KNeighborsRegressor(15, weights="distance").fit(X[tr], Y[tr])
timed(f"KNN predict {X[te].shape[0]}×{X[tr].shape[0]} (k 15)", lambda: knn.predict(X[te]))
repeats = max(1, iterations // 5)
km = KMeans(4, n_init=10, random_state=0).fit(X)
timed("KMeans k 4, 10 inits", lambda: KMeans(4, n_init=10, random_state=0).fit(X), repeats)
timed(f"silhouette ({n} rows)", lambda: silhouette_score(X, km.labels_), repeats)
Z = PCA(10).fit_transform(X)
timed("GaussianMixture 4 full on 10 PCA comps", lambda: GaussianMixture(4, random_state=0).fit(Z), repeats)
