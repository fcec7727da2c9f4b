#!/usr/bin/env python3
"""coursepack's benchmark: prints figures, asserts nothing.

    scripts/bench/run.py [--sizes small,large[,huge]] [--runs N] [--bin PATH] [--keep DIR]

For each synthetic course (scripts/bench/gen_course.py; it must pass
`coursepack check`) it runs whole processes `--runs` times after one warm-up
and prints median, min and max wall time and peak RSS (GNU time) for:

- `coursepack build` per target (one language) and the full matrix (every
  target x every language);
- the floor: Debian's `zip -r -q -n <media>` (media stored) on coursepack's own
  unpacked output of the same target;
- the peer: simple-scorm-packager (npm, through its Node API) packaging the
  unpacked SCORM 1.2 output;
- `coursepack validate` (and `validate --deep`) on the SCORM 1.2 package against `unzip -tq` on it;

- `coursepack preview`: the re-render after a one-page edit (a page title
  changed in course.yaml), as the server measures it and from the save to
  the page's long poll answering;

then the ratios (coursepack / floor, peer / coursepack, matrix / sum of
singles, validate / unzip) and pass/miss for each target of issue 7. The stage
timings of one build (COURSEPACK_TIMINGS) show what start-up and template
registration cost. `sync` runs before every timed run, so no run pays for the
write-back of the one before. Exit status is 0 unless something failed to run:
a miss is a figure, not an error (CI runs `--sizes small --runs 1` as a smoke
test).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import re
import time
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
GNU_TIME = "/usr/bin/time"
STORE = ".jpg:.jpeg:.png:.webp:.mp4:.mp3:.woff2"
LANG = "nl"


def need_tools(bin_path):
    """Installs what is missing: Debian's time, zip and unzip (apt-get, as root)
    and the peer (npm ci from the lockfile); builds coursepack unless --bin."""
    missing = [pkg for tool, pkg in ((GNU_TIME, "time"), ("zip", "zip"), ("unzip", "unzip"))
               if shutil.which(tool) is None]
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"bench: install {' '.join(missing)} (apt-get) first, or run as root")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: required tool '{tool}' is missing")
    peer = os.path.join(HERE, "node_modules", "simple-scorm-packager", "package.json")
    if not os.path.isfile(peer):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                       check=True)
    if not os.path.isfile(peer):
        sys.exit("bench: npm ci did not install simple-scorm-packager")
    if bin_path:
        return os.path.abspath(bin_path)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "coursepack")


def run_checked(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def measure(cmd, runs, cwd=None, setup=None, ok=(0,)):
    """One warm-up, then `runs` timed runs of a whole process; (seconds, KiB, CPU seconds)."""
    times, rss, cpu = [], [], []
    for i in range(runs + 1):
        if setup:
            setup()
        os.sync()
        with tempfile.NamedTemporaryFile("r") as out:
            start = time.perf_counter()
            proc = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", out.name, *cmd], cwd=cwd,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
            if proc.returncode not in ok:
                sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n"
                         f"{proc.stderr.decode(errors='replace')}")
            kib, user, system = out.read().strip().splitlines()[-1].split()
        if i > 0:
            times.append(elapsed)
            rss.append(int(kib))
            cpu.append(float(user) + float(system))
    return times, rss, cpu


def med(result):
    return statistics.median(result[0])


def peak_mib(result):
    return max(result[1]) / 1024


def line(name, result):
    ms = [t * 1000 for t in result[0]]
    print(f"  {name:<44} median {statistics.median(ms):9.1f} ms  min {min(ms):9.1f}  "
          f"max {max(ms):9.1f}  peak RSS {peak_mib(result):7.1f} MiB  "
          f"CPU {statistics.median(result[2]) * 1000:8.0f} ms", flush=True)


def verdict(ok):
    return "pass" if ok else "MISS"


def unpack(zip_path, into):
    shutil.rmtree(into, ignore_errors=True)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(into)


def bench_preview(course, runs, work, binary):
    """Median re-render after a one-page edit in `coursepack preview` (ms):
    (as the server measured it, from the save to the long poll's answer)."""
    yaml_path = os.path.join(course, "course.yaml")
    with open(yaml_path, encoding="utf-8") as f:
        original = f.read()
    os.makedirs(os.path.join(course, ".coursepack"), exist_ok=True)
    scratch = os.path.join(course, ".coursepack", "bench-edit.yaml")
    first_title = re.compile(r'(\n\s+title: \{nl: ")')
    proc = subprocess.Popen([binary, "preview", course, "--target", "web", "--port", "0",
                             "--db", os.path.join(work, "preview.sqlite")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    took, wall = [], []
    try:
        url = proc.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"coursepack preview printed no URL: {url!r}")

        def get(path):
            with urllib.request.urlopen(url + path, timeout=60) as r:
                return json.loads(r.read())

        seen = get("preview/status")["generation"]
        for i in range(runs + 1):
            # The title of the first lesson, changed (a new text each run).
            edited = first_title.sub(lambda m: m.group(1) + f"Edit {i} ", original, count=1)
            # Written beside the course and renamed over course.yaml, as many
            # editors save: the preview never sees a half-written file (a
            # busy machine can take longer than its 40 ms burst window to
            # write 1.3 MB in place). The preview ignores `.coursepack/`.
            with open(scratch, "w", encoding="utf-8") as f:
                f.write(edited)
            start = time.perf_counter()
            os.replace(scratch, yaml_path)
            status = get(f"preview/wait?seen={seen}")
            elapsed = time.perf_counter() - start
            if status["errors"]:
                raise RuntimeError("the edited course has errors")
            seen = status["generation"]
            if i > 0:  # the first run is the warm-up
                took.append(status["took_ms"])
                wall.append(elapsed * 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        with open(yaml_path, "w", encoding="utf-8") as f:
            f.write(original)
        if os.path.exists(scratch):
            os.remove(scratch)
    return statistics.median(took), statistics.median(wall)


def bench_size(size, runs, work, binary):
    course = os.path.join(work, f"course-{size}")
    if not os.path.isfile(os.path.join(course, "course.yaml")):
        run_checked([sys.executable, os.path.join(HERE, "gen_course.py"), course, "--size", size])
    run_checked([binary, "check", course])
    on_disk = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(course) for f in fs)
    print(f"\n== {size} course ({on_disk / 2**20:.1f} MiB on disk; passes `coursepack check`), "
          f"{runs} run(s) after a warm-up", flush=True)

    out = os.path.join(work, f"out-{size}")
    shutil.rmtree(out, ignore_errors=True)
    built = json.loads(run_checked([binary, "build", course, "--out", out, "--format", "json"])
                       .stdout)["packages"]
    targets = list(dict.fromkeys(p["target"] for p in built))
    langs = list(dict.fromkeys(p["lang"] for p in built))
    file_of = {(p["target"], p["lang"]): os.path.join(out, p["file"]) for p in built}

    timings = subprocess.run([binary, "build", course, "--target", targets[0], "--lang", LANG,
                              "--out", os.path.join(work, "o-timings")],
                             env={**os.environ, "COURSEPACK_TIMINGS": "1"},
                             capture_output=True, text=True)
    print(f"  stage timings of `build --target {targets[0]} --lang {LANG}` (COURSEPACK_TIMINGS=1):")
    for t in timings.stderr.splitlines():
        if t.startswith("timing:"):
            print("    " + t[len("timing: "):])

    singles, floors = {}, {}
    for t in targets:
        o1 = os.path.join(work, "o1")
        singles[t] = measure([binary, "build", course, "--target", t, "--lang", LANG, "--out", o1],
                             runs)
        line(f"coursepack build --target {t} --lang {LANG}", singles[t])
        unpacked = os.path.join(work, f"unpacked-{size}-{t}")
        unpack(file_of[(t, LANG)], unpacked)
        floor_zip = os.path.join(work, "floor.zip")

        def rm_floor():
            if os.path.exists(floor_zip):
                os.remove(floor_zip)
        floors[t] = measure(["zip", "-r", "-q", "-n", STORE, floor_zip, "."], runs, cwd=unpacked,
                            setup=rm_floor)
        line(f"  floor: zip -r -q -n <media> ({t})", floors[t])
    matrix = measure([binary, "build", course, "--out", os.path.join(work, "o2")], runs)
    line(f"coursepack build (matrix: {len(targets)} targets x {len(langs)} languages)", matrix)

    scorm = file_of[("scorm12", LANG)]
    peer_src, peer_out = os.path.join(work, "peer-src"), os.path.join(work, "peer-out")

    def fresh_peer():
        shutil.rmtree(peer_src, ignore_errors=True)
        shutil.rmtree(peer_out, ignore_errors=True)
        shutil.copytree(os.path.join(work, f"unpacked-{size}-scorm12"), peer_src)
    peer = measure(["node", os.path.join(HERE, "peer.js"), peer_src, peer_out], runs,
                   setup=fresh_peer)
    if not any(f.endswith(".zip") for f in os.listdir(peer_out)):
        sys.exit("bench: the peer wrote no zip")
    line("peer: simple-scorm-packager, Node API (scorm12)", peer)

    unzip = measure(["unzip", "-tq", scorm], runs)
    line("unzip -tq (scorm12 package)", unzip)
    # validate exits 1 when it has findings; the figure is what counts here.
    validate = measure([binary, "validate", scorm], runs, ok=(0, 1))
    line("coursepack validate (scorm12 package)", validate)
    deep = measure([binary, "validate", "--deep", scorm], runs, ok=(0, 1))
    line("coursepack validate --deep (scorm12 package)", deep)

    one, floor = singles["scorm12"], floors["scorm12"]
    sum_singles = sum(med(r) for r in singles.values()) * len(langs)
    print("  ratios (median wall time):")
    for t in targets:
        print(f"    coursepack {t} / floor {t}: {med(singles[t]) / med(floors[t]):8.2f}")
    print(f"    peer / coursepack scorm12:    {med(peer) / med(one):8.2f}")
    print(f"    matrix / sum of singles:      {med(matrix) / sum_singles:8.2f}"
          f"  (singles x {len(langs)} languages = {sum_singles * 1000:.1f} ms)")
    print(f"    validate / unzip -tq:         {med(validate) / med(unzip):8.2f}")
    print(f"    validate --deep / unzip -tq:  {med(deep) / med(unzip):8.2f}")

    rerender, save_to_page = bench_preview(course, runs, work, binary)
    print(f"  coursepack preview, one-page edit:  re-render {rerender:8.1f} ms, "
          f"save to page notified {save_to_page:8.1f} ms (median)")
    if size != "small":
        print(f"    re-render <= 100 ms (issue 18):      {verdict(rerender <= 100)}  ({rerender:.1f} ms)")

    print("  targets of issue 7:")
    if size == "small":
        worst = max(singles, key=lambda t: med(singles[t]))
        print(f"    one target <= 30 ms:                 {verdict(med(singles[worst]) <= 0.030)}"
              f"  (slowest: {worst}, {med(singles[worst]) * 1000:.1f} ms)")
        print(f"    full matrix <= 150 ms:               {verdict(med(matrix) <= 0.150)}"
              f"  ({med(matrix) * 1000:.1f} ms)")
    else:
        for t in targets:
            r = med(singles[t]) / med(floors[t])
            print(f"    {t:<8} <= 1.2 x floor:             {verdict(r <= 1.2)}  ({r:.2f})")
        top = max(peak_mib(r) for r in singles.values())
        print(f"    one target peak RSS <= 64 MiB:       {verdict(top <= 64)}  ({top:.1f} MiB)")
        print(f"    matrix <= 0.6 x sum of singles:      {verdict(med(matrix) <= 0.6 * sum_singles)}"
              f"  ({med(matrix) / sum_singles:.2f})")
        print(f"    validate <= 1.0 x unzip -tq:         {verdict(med(validate) <= med(unzip))}"
              f"  ({med(validate) / med(unzip):.2f})")
        print(f"    validate --deep <= 1.0 x unzip -tq:  {verdict(med(deep) <= med(unzip))}"
              f"  ({med(deep) / med(unzip):.2f})")
    return {"singles": singles, "matrix": matrix}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="small,large",
                    help="comma-separated: small, large, huge (the 1 GiB variant)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs after the warm-up")
    ap.add_argument("--bin", help="the coursepack binary (default: cargo build --release)")
    ap.add_argument("--keep", help="work folder to keep and reuse (default: a temp folder)")
    args = ap.parse_args()
    binary = need_tools(args.bin)
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"coursepack benchmark: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="coursepack-bench-")
    os.makedirs(work, exist_ok=True)
    results = {}
    try:
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            results[size] = bench_size(size, args.runs, work, binary)
        if "large" in results and "huge" in results:
            large = max(peak_mib(r) for r in results["large"]["singles"].values())
            huge = max(peak_mib(r) for r in results["huge"]["singles"].values())
            print("\n== memory against media size (large ~200 MiB of media, huge ~1 GiB)")
            print(f"    one target peak RSS does not grow:   {verdict(huge <= large * 1.1 + 4)}"
                  f"  (large {large:.1f} MiB, huge {huge:.1f} MiB)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end (other work on the machine skews figures)")


if __name__ == "__main__":
    main()
