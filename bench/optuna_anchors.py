#!/usr/bin/env python3
"""Optuna's samplers as anchors on a tabular NAS benchmark, scored with the same protocol as
`sparknas bench-strategies` (see README: tight hypervolume fraction, seeds 0..19,
budgets 100/300/1000, mean +/- std, best accuracy).

--sampler nsga2: NSGAIISampler(seed, population_size=--population), other settings Optuna's defaults.
--sampler tpe:   TPESampler(seed), Optuna's defaults (independent TPE; with two objectives it is
                 MOTPE, good trials weighted by hypervolume contribution; 10 random start-up trials).

One Optuna trial is one table look-up; repeated architectures count as queries, exactly as
in the Java harness. --batch B asks B trials (study.ask) before telling their results
(study.tell), as one Spark generation would; the last batch is cut to the largest budget, as
in the Java harness. Usage:

  python3 bench/optuna_anchors.py --sampler nsga2 --table nasbench201_hw.csv --accuracy cifar10_test_acc --cost lat_fpga_ms
  python3 bench/optuna_anchors.py --sampler tpe --batch 16 --table nasbench_macro.csv --accuracy mean_acc --cost flops

Needs optuna: apt-get install python3-optuna, or without root the dpkg -x recipe in
docs/development.md.
"""
import argparse
import csv
import math
import statistics
import time

import optuna


def load(table, accuracy, cost):
    rows = {}
    with open(table, newline="") as f:
        for row in csv.DictReader(f):
            genes = tuple(int(v) for v in row["encoding"].split(","))
            rows[genes] = (float(row[accuracy]), float(row[cost]))
    width = len(next(iter(rows)))
    choices = [sorted({g[i] for g in rows}) for i in range(width)]
    return rows, choices


def pareto_front(points):
    """Non-dominated (max accuracy, min cost) points, sorted by cost."""
    best = -math.inf
    front = []
    for acc, c in sorted(points, key=lambda p: (p[1], -p[0])):
        if acc > best:
            front.append((acc, c))
            best = acc
    return front


class TightHypervolume:
    """Hypervolume in the box spanned by the true front, reference point (1.1, 1.1)."""

    def __init__(self, true_front):
        accs = [a for a, _ in true_front]
        costs = [c for _, c in true_front]
        self.acc_lo, self.acc_hi = min(accs), max(accs)
        self.cost_lo, self.cost_hi = min(costs), max(costs)
        self.true = self.raw(true_front)

    def normalise(self, acc, c):
        x = (c - self.cost_lo) / (self.cost_hi - self.cost_lo)
        y = 1.0 - (acc - self.acc_lo) / (self.acc_hi - self.acc_lo)
        return x, y

    def raw(self, points):
        pts = sorted(self.normalise(a, c) for a, c in points)
        hv, best_y = 0.0, 1.1
        for x, y in pts:
            if x < 1.1 and y < best_y:
                hv += (1.1 - x) * (best_y - y)
                best_y = y
        return hv

    def fraction(self, points):
        return self.raw(points) / self.true


def make_sampler(name, seed, population):
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, population_size=population)
    return optuna.samplers.TPESampler(seed=seed)


def run(rows, choices, sampler, budget, batch):
    """Queries `budget` architectures, `batch` asked before their results are told; returns their encodings."""
    study = optuna.create_study(directions=["maximize", "minimize"], sampler=sampler)
    queried = []
    while len(queried) < budget:
        trials = [study.ask() for _ in range(min(batch, budget - len(queried)))]
        # Every trial of a batch is sampled before any of them is told, so none sees the others' results.
        asked = [tuple(t.suggest_categorical(f"x{i}", c) for i, c in enumerate(choices)) for t in trials]
        for trial, genes in zip(trials, asked):
            study.tell(trial, list(rows[genes]))
        queried.extend(asked)
    return queried


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--table", required=True)
    p.add_argument("--accuracy", required=True, help="metric column to maximise")
    p.add_argument("--cost", required=True, help="metric column to minimise")
    p.add_argument("--seeds", type=int, default=20, help="seeds 0..N-1")
    p.add_argument("--budgets", default="100,300,1000")
    p.add_argument("--sampler", choices=["nsga2", "tpe"], default="nsga2")
    p.add_argument("--population", type=int, default=50, help="NSGA-II population size")
    p.add_argument("--batch", type=int, default=1, help="trials asked before their results are told")
    args = p.parse_args()
    if args.seeds < 2 or args.batch < 1:
        p.error("--seeds must be at least 2 (for a standard deviation) and --batch at least 1")
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    rows, choices = load(args.table, args.accuracy, args.cost)
    hv = TightHypervolume(pareto_front(rows.values()))
    budgets = [int(b) for b in args.budgets.split(",")]
    best_acc = max(a for a, _ in rows.values())
    per_budget = {b: ([], []) for b in budgets}
    duplicates = {b: [] for b in budgets}
    started = time.time()
    for seed in range(args.seeds):
        sampler = make_sampler(args.sampler, seed, args.population)
        queried = run(rows, choices, sampler, max(budgets), args.batch)
        for b in budgets:
            prefix = [rows[g] for g in queried[:b]]
            per_budget[b][0].append(hv.fraction(prefix))
            per_budget[b][1].append(max(a for a, _ in prefix))
            duplicates[b].append(b - len(set(queried[:b])))
    print(f"table {args.table}: max {args.accuracy}, min {args.cost}; {len(rows)} rows, "
          f"true front {len(pareto_front(rows.values()))} points, best {args.accuracy} {best_acc:.2f}")
    print(f"{'strategy':<16} {'budget':>6}  {'tight-HV fraction':>17}  {'best accuracy':>15}  {'repeats':>7}")
    label = "optuna-" + args.sampler
    for b in budgets:
        fr, acc = per_budget[b]
        print(f"{label:<16} {b:>6}  {statistics.mean(fr):.3f} +/- {statistics.stdev(fr):.3f}"
              f"  {statistics.mean(acc):6.2f} +/- {statistics.stdev(acc):4.2f}  {statistics.mean(duplicates[b]):7.1f}")
    elapsed = time.time() - started
    settings = f"population {args.population}" if args.sampler == "nsga2" else "Optuna's default TPE settings"
    print(f"({args.seeds} seeds (0..{args.seeds - 1}), batch {args.batch}, {settings}, optuna {optuna.__version__}; "
          f"{elapsed:.0f} s, {elapsed / args.seeds:.1f} s per seed)")


if __name__ == "__main__":
    main()
