#!/usr/bin/env python3
"""Summarises a JFR recording by frame: where the CPU samples of some threads went (issue 18).

    bench/jfr-top.py <recording.jfr> [thread-name-part] [rows]

Prints the top frames by self samples and by inclusive samples (a frame counted once per sample wherever it is
on the stack) for the threads whose name contains thread-name-part (default: every thread). Uses the JDK's `jfr`
tool; stacks are read 300 frames deep (`jfr print` keeps only 5 by default, which hides every caller).
"""
import collections
import json
import subprocess
import sys

recording = sys.argv[1]
part = sys.argv[2] if len(sys.argv) > 2 else ""
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "300", "--events", "jdk.ExecutionSample",
                       recording], capture_output=True, text=True, check=True).stdout
own, inclusive, total = collections.Counter(), collections.Counter(), 0
for event in json.loads(text)["recording"]["events"]:
    thread = (event["values"].get("sampledThread") or {}).get("javaName") or ""
    if part not in thread:
        continue
    stack = event["values"].get("stackTrace") or {"frames": []}
    names = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in stack["frames"]]
    total += 1
    if names:
        own[names[0]] += 1
    inclusive.update(set(names))
print(f"{total} samples on threads matching '{part}'")
for name, n in own.most_common(rows):
    print(f"self {100 * n / max(total, 1):5.1f}%  {name}")
for name, n in inclusive.most_common(rows * 3):
    print(f"incl {100 * n / max(total, 1):5.1f}%  {name}")
