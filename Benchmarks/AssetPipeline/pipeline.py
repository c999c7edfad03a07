#!/usr/bin/env python3
"""Throughput of `bandup assets build` against `sha256sum` over the same files, in the same run.

Usage: pipeline.py BANDUP_BINARY [FILES] [MEGABYTES]

Also times `cp -r` of the tree: the floor for any build that writes its output as files.
Generates a Public/ tree (default 2,000 files, 50 MB: stylesheets that reference images, scripts,
SVGs, binary images and audio), then times:
  - sha256sum over every file (the hashing limit; one process, like the build),
  - a full `bandup assets build` into an empty directory,
  - a no-change rebuild.
Each is the median of 5 runs with the page cache warm. Prints MB/s and the ratios the goals are
stated in (full build >= 50% of sha256sum's throughput; no-change rebuild < 10% of a full build).
"""
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
files = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
megabytes = int(sys.argv[3]) if len(sys.argv) > 3 else 50
random.seed(7)
root = tempfile.mkdtemp(prefix="bandup-pipeline-bench-")
public = os.path.join(root, "Public")


def write(path, data):
    full = os.path.join(public, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as handle:
        handle.write(data)


# A realistic mix by count; sizes scaled so the total is about `megabytes`.
budget = megabytes * 1024 * 1024
kinds = [("images", ".png", 0.30, False), ("audio", ".mp3", 0.05, False), ("icons", ".svg", 0.25, True),
         ("js", ".js", 0.15, True), ("css", ".css", 0.25, True)]
paths = []
per_file = budget // files
for index in range(files):
    folder, extension, _, text = random.choices(kinds, weights=[k[2] for k in kinds])[0]
    path = f"{folder}/{index // 100}/f{index}{extension}"
    paths.append(path)
images = [p for p in paths if p.endswith((".png", ".svg"))]
for path in paths:
    size = max(64, int(random.expovariate(1 / per_file)))
    if path.endswith(".css"):
        refs = random.sample(images, 3)
        depth = path.count("/")
        lines = [f".c{i} {{ background: url({'../' * depth}{ref}); }}\n" for i, ref in enumerate(refs)]
        body = "".join(lines).encode()
        filler = (".rule { color: #123456; margin: 0 auto; }\n" * (size // 44 + 1)).encode()
        write(path, body + filler[:max(0, size - len(body))])
    elif path.endswith(".js"):
        write(path, ("function f(a){return a*2}\n" * (size // 26 + 1)).encode()[:size])
    elif path.endswith(".svg"):
        write(path, ("<svg xmlns='http://www.w3.org/2000/svg'>" + "<path d='M0 0L10 10'/>" * (size // 24 + 1) + "</svg>").encode()[:size])
    else:
        write(path, os.urandom(size))
total = sum(os.path.getsize(os.path.join(public, p)) for p in paths)


def timed(command, runs=5, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


listing = [os.path.join(public, p) for p in paths]
out = os.path.join(root, "out")
build = [binary, "assets", "build", "--source", public, "--output", out]
timed(["sha256sum"] + listing, runs=1)  # warm the page cache
sha = timed(["sha256sum"] + listing)
copy_out = os.path.join(root, "copy")
copy = timed(["cp", "-r", public, copy_out], before=lambda: shutil.rmtree(copy_out, ignore_errors=True))
full = timed(build, before=lambda: shutil.rmtree(out, ignore_errors=True))
noop = timed(build)
mb = total / 1048576
print(f"{files} files, {mb:.1f} MB (median of 5 runs each)")
print(f"sha256sum (peer, hashing limit):  {sha * 1000:8.1f} ms  {mb / sha:7.1f} MB/s")
print(f"cp -r (peer, file-writing floor): {copy * 1000:8.1f} ms  {mb / copy:7.1f} MB/s")
print(f"bandup assets build, full:        {full * 1000:8.1f} ms  {mb / full:7.1f} MB/s  = {sha / full * 100:5.1f}% of sha256sum (goal >= 50%)")
print(f"  ... and {copy / full * 100:5.1f}% of cp -r's throughput (it writes the same files plus gzip copies)")
print(f"bandup assets build, no change:   {noop * 1000:8.1f} ms            = {noop / full * 100:5.1f}% of a full build (goal < 10%), {noop / sha:4.2f}x sha256sum")
shutil.rmtree(root, ignore_errors=True)
