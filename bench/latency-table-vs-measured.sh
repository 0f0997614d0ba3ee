#!/usr/bin/env bash
# Latency table validation: for COUNT random sub-networks of the default space (seeded), the lookup
# table's prediction (sum of per-layer medians) against the end-to-end latency measured on this
# machine (each network measured in rounds over the whole sample, median of its rounds), at batch
# BATCH with the table's thread count. Prints each network, then Kendall tau, Pearson r and the mean
# absolute percentage error. A benchmark, not a test: it asserts nothing. Run it on the machine the
# table was profiled on, with nothing else running (its numbers move with the load).
#
#   bench/latency-table-vs-measured.sh [TABLE] [COUNT] [BATCH]   (defaults: conf/latency/cpu.csv, 50, 1)
#
# To re-profile first: bin/sparknas profile-latency --device cpu --threads 1 --batch-sizes 1,16
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exec bin/sparknas validate-latency --table "${1:-conf/latency/cpu.csv}" --count "${2:-50}" --batch "${3:-1}"
