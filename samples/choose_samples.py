#!/usr/bin/env python3
"""Chooses the sample playlists' DEAM songs from DEAM's static annotations (one-off; not used at run time).

Rule: for each quadrant, the songs whose averaged static rating lies in that quadrant, ranked by
clarity = min(|valence - 5|, |arousal - 5|) (how far the rating is from the nearer quadrant
boundary), highest first, ties by lower id; the first 12 make the playlist.

Usage: python3 samples/choose_samples.py ../shared/data/deam
"""
import csv
import sys
from pathlib import Path

deam = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/deam")
ratings = {}
for name in ["static_annotations_averaged_songs_1_2000.csv", "static_annotations_averaged_songs_2000_2058.csv"]:
    with open(deam / "annotations" / name, newline="") as f:
        rows = csv.reader(f)
        header = [h.strip() for h in next(rows)]
        iv, ia = header.index("valence_mean"), header.index("arousal_mean")
        for row in rows:
            if row:
                ratings[int(row[0])] = (float(row[iv]), float(row[ia]))

quadrants = {  # name: (high valence, high arousal); boundaries inclusive on the high side
    "upbeat (Joy)": (True, True),
    "angry (Fear)": (False, True),
    "sad (Sadness)": (False, False),
    "calm (Contentment)": (True, False),
}
for name, (hv, ha) in quadrants.items():
    songs = [(min(abs(v - 5), abs(a - 5)), -i, i, v, a) for i, (v, a) in ratings.items() if (v >= 5) == hv and (a >= 5) == ha]
    songs.sort(reverse=True)
    chosen = songs[:12]
    print(name, [s[2] for s in chosen])
    for clarity, _, i, v, a in chosen:
        print(f"   {i:5d}  V {v:.2f}  A {a:.2f}  clarity {clarity:.2f}")
