#!/usr/bin/env python3
"""Would fewer, larger Spark tasks make a search's generations shorter?

Replays the generations of finished searches from their Spark event logs: each stage's tasks (one
candidate each, in submission order, which is largest first by MACs) with their measured run times,
greedily on SLOTS slots (what Spark's scheduler does with free slots), plus a fixed cost per task.
It compares one candidate per task with grouped variants: the K largest candidates in pairs, and
consecutive candidates packed into about M tasks per slot. The first stage is left out (it holds
each executor's cold start, not scheduling).

    bench/replay-task-grouping.py [--slots 2] EVENT_LOG...

Event logs come from a search submitted with --conf spark.eventLog.enabled=true and
--conf spark.eventLog.dir=DIR (Spark 4 writes DIR/eventlog_v2_*/events_*; .zstd files need the
zstd command). Standard library only.
"""
import argparse
import json
import subprocess


def stages(path):
    """Per stage (in order), the run seconds of its tasks in task-index order."""
    if path.endswith(".zstd"):
        text = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout.decode()
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    by_stage = {}
    for line in text.splitlines():
        event = json.loads(line)
        if event["Event"] == "SparkListenerTaskEnd" and event["Task Info"].get("Failed") is not True:
            run_ms = event.get("Task Metrics", {}).get("Executor Run Time", 0)
            by_stage.setdefault(event["Stage ID"], []).append((event["Task Info"]["Index"], run_ms / 1000))
    return [[seconds for _, seconds in sorted(tasks)] for _, tasks in sorted(by_stage.items())]


def makespan(tasks, slots, per_task):
    """Greedy list scheduling: each task goes to the slot that frees first."""
    free = [0.0] * slots
    for seconds in tasks:
        i = free.index(min(free))
        free[i] += seconds + per_task
    return max(free)


def pair_largest(runs, k):
    top, rest = runs[:k], runs[k:]
    return [sum(top[i:i + 2]) for i in range(0, len(top), 2)] + rest


def pack(runs, tasks_per_slot, slots):
    target = sum(runs) / (slots * tasks_per_slot)
    out, current = [], 0.0
    for seconds in runs:
        if current and current + seconds > target:
            out.append(current)
            current = 0.0
        current += seconds
    return out + [current]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("logs", nargs="+")
    args = parser.parse_args()
    generations = [runs for log in args.logs for runs in stages(log)[1:]]
    variants = [("one candidate per task", lambda r: r)]
    variants += [(f"{k} largest in pairs", lambda r, k=k: pair_largest(r, k)) for k in (4, 6, 8)]
    variants += [(f"packed, {m} tasks per slot", lambda r, m=m: pack(r, m, args.slots)) for m in (4, 3, 2)]
    print(f"{len(generations)} generations, {sum(map(len, generations))} tasks, {args.slots} slots")
    for per_task in (0.020, 0.030):
        base = None
        for name, group in variants:
            grouped = [group(runs) for runs in generations]
            total = sum(makespan(g, args.slots, per_task) for g in grouped)
            base = base or total
            work = sum(map(sum, generations))
            print(f"  {per_task * 1000:.0f} ms per task  {name:26s} tasks {sum(map(len, grouped)):5d}"
                  f"  generations {total:8.2f} s ({100 * (total / base - 1):+5.1f}%)  utilisation {work / (args.slots * total):.4f}")


if __name__ == "__main__":
    main()
