#!/usr/bin/env python3
"""Peer for `mood bench import`: Python's xml.etree (expat) reading XSPF.

Parses the document, walks trackList/track and collects the first location,
title, creator and duration of each track.
Usage: python3 bench/import_xspf_peer.py FILE.xspf
"""
import sys
import time
import xml.etree.ElementTree as ET

NS = "{http://xspf.org/ns/0/}"


def read_xspf(path):
    root = ET.parse(path).getroot()
    entries = []
    for track in root.iter(NS + "track"):
        location = track.findtext(NS + "location")
        title = track.findtext(NS + "title")
        creator = track.findtext(NS + "creator")
        duration = track.findtext(NS + "duration")
        entries.append((location and location.strip(), title, creator, int(duration) / 1000 if duration else None))
    return entries


if __name__ == "__main__":
    start = time.perf_counter()
    entries = read_xspf(sys.argv[1])
    elapsed = time.perf_counter() - start
    print(f"XSPF {sys.argv[1]}: {len(entries)} entries, {elapsed:.3f} s, {len(entries) / elapsed:.0f} entries/s")
