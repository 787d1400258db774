#!/usr/bin/env python3
"""Peer of `mood bench load`: reads the same DEAM files with pandas and joins them by song id.

Usage: python3 bench/pandas_load.py DEAM_DIR [--iterations N]
"""
import sys
import time

import pandas as pd


def load(root):
    a = root + "/annotations/"
    static = pd.concat([
        pd.read_csv(a + "static_annotations_averaged_songs_1_2000.csv", skipinitialspace=True),
        pd.read_csv(a + "static_annotations_averaged_songs_2000_2058.csv", skipinitialspace=True),
    ])
    static.columns = [c.replace(" ", "") for c in static.columns]
    static = static[["song_id", "valence_mean", "valence_std", "arousal_mean", "arousal_std"]]
    valence = pd.read_csv(a + "valence.csv")
    arousal = pd.read_csv(a + "arousal.csv")
    m = root + "/metadata/"
    meta13 = pd.read_csv(m + "metadata_2013.csv")
    meta14 = pd.read_csv(m + "metadata_2014.csv")
    meta15 = pd.read_csv(m + "metadata_2015.csv")
    for frame in (meta13, meta14, meta15):
        for column in frame.columns[1:5]:
            frame[column] = frame[column].astype(str).str.strip()
    metadata = pd.concat([meta13.iloc[:, :5], meta14.iloc[:, :5], meta15.iloc[:, :5]])
    features = pd.read_csv(root + "/derived/specteral_data.csv")
    dataset = static.merge(features, on="song_id").sort_values("song_id")
    dataset = dataset.merge(metadata[["song_id"]], on="song_id", how="left")
    return dataset, valence, arousal


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/deam"
    iterations = int(sys.argv[sys.argv.index("--iterations") + 1]) if "--iterations" in sys.argv else 1
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        dataset, valence, arousal = load(root)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"songs {len(dataset)}, features {dataset.shape[1] - 5}, dynamic rows {len(valence)}/{len(arousal)}")
    print(f"load: median {times[len(times) // 2]:.2f} ms, min {times[0]:.2f} ms over {iterations} iteration(s)")


if __name__ == "__main__":
    main()
