#!/usr/bin/env python3
"""Side-by-side benchmark: Loopscope's C++ asyncio model vs CPython asyncio vs uvloop.

    python3 bench/run_bench.py --build build-release [--reps 3] [--quick]

Runs, interleaved per repetition, for each workload: bench_core (no observer), bench_core with
the canonical trace writer attached to a null sink, bench/workloads_cpython.py on
/usr/bin/python3 with asyncio, and with uvloop when `import uvloop` works. Prints the median
ns/op of each engine, the ratios CPython/Loopscope and uvloop/Loopscope, and the bytes per
pending task of wait_many (Loopscope: counted allocations; CPython: tracemalloc).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKLOADS = ["callsoon_chain", "timers", "sleep0_pingpong", "wait_many", "producer_consumer"]
QUICK_N = {"callsoon_chain": 20000, "timers": 10000, "sleep0_pingpong": 20000, "wait_many": 5000,
           "producer_consumer": 10000}
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
TARGETS = {"callsoon_chain": (30, 10), "sleep0_pingpong": (30, 10)}  # x fewer ns/op than (asyncio, uvloop)


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()
    return json.loads(out[-1])


def find_binary(build):
    for rel in ("bin/bench_core", "bench/bench_core", "bench_core"):
        path = os.path.join(build if os.path.isabs(build) else os.path.join(ROOT, build), rel)
        if os.path.exists(path):
            return path
    sys.exit(f"bench_core not found under {build} (build the target bench_core first)")


def have_uvloop():
    return subprocess.run([PYTHON, "-c", "import uvloop"], capture_output=True).returncode == 0


def fmt(v, digits=1):
    return "-" if v is None else f"{v:,.{digits}f}"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default="build-release")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="small n, one repetition: a smoke run")
    args = p.parse_args()
    binary = find_binary(args.build)
    reps = 1 if args.quick else args.reps
    script = os.path.join(HERE, "workloads_cpython.py")
    engines = ["loopscope", "loopscope+trace", "asyncio"] + (["uvloop"] if have_uvloop() else [])
    version = subprocess.run([PYTHON, "-c", "import sys;print(sys.version.split()[0])"], capture_output=True,
                             text=True).stdout.strip()

    samples = {(e, w): [] for e in engines for w in WORKLOADS}
    memory = {}
    for rep in range(reps):
        for w in WORKLOADS:
            n = ["--n", str(QUICK_N[w])] if args.quick else []
            for e in engines:  # interleaved: every engine once per workload per repetition
                if e.startswith("loopscope"):
                    cmd = [binary, "--workload", w] + n + (["--trace"] if e.endswith("trace") else [])
                else:
                    cmd = [PYTHON, script, "--loop", e, "--workload", w] + n
                r = run_json(cmd)
                samples[(e, w)].append(r["per_op_ns"])
                if w == "wait_many" and e == "loopscope" and "bytes_per_pending_task" in r:
                    memory["loopscope"] = r["bytes_per_pending_task"]
            print(f"  rep {rep + 1}/{reps} {w} done", file=sys.stderr, flush=True)
    for e in engines:
        if not e.startswith("loopscope"):
            n = ["--n", str(QUICK_N["wait_many"])] if args.quick else []
            r = run_json([PYTHON, script, "--loop", e, "--workload", "wait_many", "--mem"] + n)
            memory[e] = r["bytes_per_pending_task"]

    med = {k: statistics.median(v) for k, v in samples.items() if v}
    print()
    print(f"Loopscope (C++ model, {os.path.relpath(binary, ROOT)}) vs {PYTHON} {version} asyncio"
          + (" and uvloop" if "uvloop" in engines else " (uvloop not importable)")
          + f"; median of {reps} interleaved run(s){' [quick]' if args.quick else ''}")
    head = ["workload", "loopscope ns/op", "+trace ns/op"] + [f"{e} ns/op" for e in engines[2:]] + \
           ["asyncio/loopscope"] + (["uvloop/loopscope"] if "uvloop" in engines else []) + ["target"]
    rows = []
    failed = []
    for w in WORKLOADS:
        ls = med[("loopscope", w)]
        row = [w, fmt(ls), fmt(med[("loopscope+trace", w)])] + [fmt(med[(e, w)]) for e in engines[2:]]
        ra = med[("asyncio", w)] / ls if ls else None
        row.append(fmt(ra) + "x")
        ru = None
        if "uvloop" in engines:
            ru = med[("uvloop", w)] / ls if ls else None
            row.append(fmt(ru) + "x")
        if w in TARGETS:
            ta, tu = TARGETS[w]
            ok = (ra or 0) >= ta and (ru is None or ru >= tu)
            row.append(f">={ta}x/{tu}x {'ok' if ok else 'MISSED'}")
            if not ok:
                failed.append(w)
        else:
            row.append("")
        rows.append(row)
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    print("  ".join(h.ljust(widths[i]) for i, h in enumerate(head)))
    for r in rows:
        print("  ".join(str(c).rjust(widths[i]) if i else str(c).ljust(widths[i]) for i, c in enumerate(r)))
    print()
    mem = ", ".join(f"{e} {fmt(memory.get(e))}" for e in ["loopscope"] + engines[2:] if e in memory)
    ok = memory.get("loopscope", 1e9) <= 256
    print(f"wait_many bytes per pending task: {mem}  (target loopscope <= 256: {'ok' if ok else 'MISSED'})")
    if failed or not ok:
        print("targets missed: " + ", ".join(failed + ([] if ok else ["memory"])))


if __name__ == "__main__":
    main()
