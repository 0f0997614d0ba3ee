#!/usr/bin/env bash
# How well a low fidelity ranks sub-networks (org.sparknas.report.FidelityRanking): Kendall tau and
# Pearson r of accuracy between each ROOT and REFERENCE_ROOT over the architectures both measured,
# and the mean evaluation seconds. Measure the same candidates at each fidelity with one random
# search per output root and the same seed, e.g.
#   bin/sparknas search --strategy random --generations 7 --seed 7 --fidelity 250 \
#       --set data.calibration-size=250 --output out/fid-250
# (a lower fidelity also re-calibrates BatchNorm on fewer images: min(fidelity, calibration-size)).
#
#   bench/fidelity-ranking.sh REFERENCE_ROOT ROOT ...
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
args=()
for a in "$@"; do args+=("$(cd "$a" 2>/dev/null && pwd || echo "$a")"); done
. "$(dirname "${BASH_SOURCE[0]}")/pipeline-classpath.sh"
java @conf/jvm.opts -Xmx2g -cp "$classpath" org.sparknas.report.FidelityRanking "${args[@]}"
