#!/usr/bin/env python3
"""Optuna's NSGA-II on a tabular NAS benchmark, scored with the same protocol as
`sparknas bench-strategies` (see README: tight hypervolume fraction, seeds 0..19,
budgets 100/300/1000, mean +/- std, best accuracy).

One Optuna trial is one table look-up; repeated architectures count as queries, exactly as
in the Java harness. Usage:

  python3 bench/optuna_nsga2.py --table nasbench201_hw.csv --accuracy cifar10_test_acc --cost lat_fpga_ms
  python3 bench/optuna_nsga2.py --table nasbench_macro.csv --accuracy mean_acc --cost flops

Needs optuna (Debian: apt-get install python3-optuna, then run with /usr/bin/python3).
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


def run(rows, choices, accuracy, seed, budget, population):
    sampler = optuna.samplers.NSGAIISampler(seed=seed, population_size=population)
    study = optuna.create_study(directions=["maximize", "minimize"], sampler=sampler)
    queried = []

    def objective(trial):
        genes = tuple(trial.suggest_categorical(f"x{i}", c) for i, c in enumerate(choices))
        acc, c = rows[genes]
        queried.append((acc, c))
        return acc, c

    study.optimize(objective, n_trials=budget)
    return queried


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--table", required=True)
    p.add_argument("--accuracy", required=True, help="metric column to maximise")
    p.add_argument("--cost", required=True, help="metric column to minimise")
    p.add_argument("--seeds", type=int, default=20, help="seeds 0..N-1")
    p.add_argument("--budgets", default="100,300,1000")
    p.add_argument("--population", type=int, default=50)
    args = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    rows, choices = load(args.table, args.accuracy, args.cost)
    hv = TightHypervolume(pareto_front(rows.values()))
    budgets = [int(b) for b in args.budgets.split(",")]
    best_acc = max(a for a, _ in rows.values())
    per_budget = {b: ([], []) for b in budgets}
    duplicates = {b: [] for b in budgets}
    started = time.time()
    for seed in range(args.seeds):
        queried = run(rows, choices, args.accuracy, seed, max(budgets), args.population)
        for b in budgets:
            prefix = queried[:b]
            per_budget[b][0].append(hv.fraction(prefix))
            per_budget[b][1].append(max(a for a, _ in prefix))
            duplicates[b].append(b - len(set(prefix)))
    print(f"table {args.table}: max {args.accuracy}, min {args.cost}; {len(rows)} rows, "
          f"true front {len(pareto_front(rows.values()))} points, best {args.accuracy} {best_acc:.2f}")
    print(f"{'strategy':<16} {'budget':>6}  {'tight-HV fraction':>17}  {'best accuracy':>15}  {'repeats':>7}")
    for b in budgets:
        fr, acc = per_budget[b]
        print(f"{'optuna-nsga2':<16} {b:>6}  {statistics.mean(fr):.3f} +/- {statistics.stdev(fr):.3f}"
              f"  {statistics.mean(acc):6.2f} +/- {statistics.stdev(acc):4.2f}  {statistics.mean(duplicates[b]):7.1f}")
    print(f"({args.seeds} seeds, population {args.population}, {time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
