#!/usr/bin/env python3
"""Peer for `mood bench import`: a plain line reader for extended M3U.

Reads the file as UTF-8, binds each #EXTINF (duration, title) to the next
non-comment line, and collects (location, title, duration) tuples.
Usage: python3 bench/import_m3u_peer.py FILE.m3u8
"""
import sys
import time


def read_m3u(path):
    entries = []
    pending = None
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                if line.startswith("#EXTINF:"):
                    head, _, title = line[8:].partition(",")
                    try:
                        duration = float(head.split()[0]) if head.strip() else None
                    except ValueError:
                        duration = None
                    pending = (duration, title.strip() or None)
                continue
            duration, title = pending if pending else (None, None)
            entries.append((line, title, duration))
            pending = None
    return entries


if __name__ == "__main__":
    start = time.perf_counter()
    entries = read_m3u(sys.argv[1])
    elapsed = time.perf_counter() - start
    print(f"M3U8 {sys.argv[1]}: {len(entries)} entries, {elapsed:.3f} s, {len(entries) / elapsed:.0f} entries/s")
