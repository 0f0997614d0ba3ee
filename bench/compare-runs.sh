#!/usr/bin/env bash
# Searches of the real supernet side by side on one hypervolume scale: per run, the evaluation
# CPU-seconds (sum of task times, every rung included), the best accuracy and the hypervolume of the
# full-fidelity trials; per label, mean +- std; and the CPU-seconds at which each run reached the first
# label's mean final hypervolume (org.sparknas.report.RunComparison). Figures only.
#
#   bench/compare-runs.sh COST LABEL=OUTPUT_ROOT[@STRATEGY] ...
#   e.g. bench/compare-runs.sh latency_cpu_b1 pls=out/pls-1 pls=out/pls-2 pg=out/pg-1@predictor-guided
#
# COST is the metric minimised beside accuracy; the first label is the baseline.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
args=("$1"); shift
for a in "$@"; do
  label="${a%%=*}"; rest="${a#*=}"; dir="${rest%@*}"; tail=""
  [ "$rest" != "$dir" ] && tail="@${rest##*@}"
  args+=("$label=$(cd "$dir" 2>/dev/null && pwd || echo "$dir")$tail")
done
. "$(dirname "${BASH_SOURCE[0]}")/pipeline-classpath.sh"
java @conf/jvm.opts -Xmx2g -cp "$classpath" org.sparknas.report.RunComparison "${args[@]}"
