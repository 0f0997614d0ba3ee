#!/usr/bin/env bash
# Predictor quality on the real supernet: reads every successful trial under OUTPUT_ROOT (the most
# common supernet checksum and fidelity, one per architecture), holds out HELD_OUT of them (seeded),
# and prints Kendall tau and RMSE (accuracy points) of the MLP accuracy predictor on them when
# trained on 50 / 100 / 200 / 500 of the others, SEEDS seeds each: the default predictor, an
# ensemble of 3, and L2 0.001 (org.sparknas.report.PredictorQuality). Figures only.
#
#   bench/predictor-quality.sh OUTPUT_ROOT [HELD_OUT (140)] [SEEDS (5)]
#
# The trials should come from a search with `strategy { name = random }`, so that the held-out set is unbiased.
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
output="$(cd "$1" 2>/dev/null && pwd || echo "$1")"
. "$(dirname "${BASH_SOURCE[0]}")/pipeline-classpath.sh"
java @conf/jvm.opts -Xmx2g -cp "$classpath" org.sparknas.report.PredictorQuality "$output" "${2:-140}" "${3:-5}"
