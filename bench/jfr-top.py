#!/usr/bin/env python3
"""Summarises a JFR recording by frame: where the CPU samples of some threads went (issue 18).

    bench/jfr-top.py <recording.jfr> [thread-name-part] [rows] [marker-frame]

Prints the top frames by self samples and by inclusive samples (a frame counted once per sample wherever it is
on the stack) for the threads whose name contains thread-name-part (default: every thread). Uses the JDK's `jfr`
tool; stacks are read 300 frames deep (`jfr print` keeps only 5 by default, which hides every caller).

With marker-frame (e.g. `SendController.sendJson`), only the samples of one measured phase count: the first
stretch of at least 5 s in which samples with that frame on their stack come with no gap over 1 s (scenario 4
measures each call alone for 10 s after 2 s warm-ups of every call, so this picks the call's measured phase).
"""
import collections
import json
import subprocess
import sys
from datetime import datetime

recording = sys.argv[1]
part = sys.argv[2] if len(sys.argv) > 2 else ""
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
marker = sys.argv[4] if len(sys.argv) > 4 else None
text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "300", "--events", "jdk.ExecutionSample",
                       recording], capture_output=True, text=True, check=True).stdout
samples = []
for event in json.loads(text)["recording"]["events"]:
    thread = (event["values"].get("sampledThread") or {}).get("javaName") or ""
    if part not in thread:
        continue
    stack = event["values"].get("stackTrace") or {"frames": []}
    names = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in stack["frames"]]
    when = datetime.fromisoformat(event["values"]["startTime"][:26].rstrip("Z")).timestamp()
    samples.append((when, names))
if marker:
    marked = sorted(t for t, names in samples if marker in names)
    start, window = None, None
    for i, t in enumerate(marked):
        if start is None or t - marked[i - 1] > 1.0:
            start = t
        if t - start >= 5.0 and (i + 1 == len(marked) or marked[i + 1] - t > 1.0):
            window = (start, t)
            break
    if window is None:
        sys.exit(f"no stretch of 5 s with '{marker}' on the stack")
    samples = [(t, names) for t, names in samples if window[0] <= t <= window[1]]
    print(f"window {window[1] - window[0]:.1f} s marked by '{marker}'")
own, inclusive, total = collections.Counter(), collections.Counter(), 0
for _, names in samples:
    total += 1
    if names:
        own[names[0]] += 1
    inclusive.update(set(names))
print(f"{total} samples on threads matching '{part}'")
for name, n in own.most_common(rows):
    print(f"self {100 * n / max(total, 1):5.1f}%  {name}")
for name, n in inclusive.most_common(rows * 3):
    print(f"incl {100 * n / max(total, 1):5.1f}%  {name}")
