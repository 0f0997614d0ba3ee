#!/usr/bin/env bash
# Time and size of `sparknas report` (issue 21: a report of 10 runs x 1,000 trials, without Spark, written
# in seconds and under a few MB). Writes a synthetic output root (org.sparknas.report.SyntheticRuns: the
# real search loop, store and Pareto rows, a formula in place of the supernet; 5 strategies taking turns,
# one supernet, objectives max accuracy / min latency_cpu_b1) and prints each run's trials, failed, reused,
# Pareto rows and hypervolume; then runs `bin/sparknas report` on it REPETITIONS times, each in a fresh JVM
# into an empty directory, and prints the generation time, the report's wall and CPU seconds (min / median / max),
# and the last report's size: total, index.html, files, and bytes by file type; then, where Chromium is
# installed, how long the page takes to draw every view (org.sparknas.report.ReportPageTiming). A ROOT given is kept (runs
# already finished there are not written again, so its generation time is a read); without one, a
# temporary root is made and deleted.
#
#   bench/report-size.sh [runs] [trials-per-run] [root] [repetitions] [seed]
#   REPORT_OPTIONS='--figures none' bench/report-size.sh     (more options for every `sparknas report`)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${1:-10}" trials="${2:-1000}" reps="${4:-3}" seed="${5:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
if [ -n "${3:-}" ]; then
  mkdir -p "$3"
  root="$(cd "$3" && pwd)"
fi

# bin/sparknas builds itself when stale; build here so that no repetition includes it
bin/sparknas --version >/dev/null
# the generator lives in the pipeline's test sources (it reuses the report tests' fixture)
mvn -B -q -o -Dstyle.color=never -pl pipeline -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
(cd pipeline && java @../conf/jvm.opts -Xmx3g -Dlog4j2.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.sparknas.report.SyntheticRuns "$root" "$runs" "$trials" "$seed")

# wall and CPU (user + sys of the whole JVM: JIT and GC threads too; less moved by other load than the wall)
TIMEFORMAT='%R %U %S'
walls=() cpus=()
for i in $(seq 1 "$reps"); do
  report="$work/report"
  rm -rf "$report"
  { time bin/sparknas report --output "$root" --report "$report" ${REPORT_OPTIONS:-} >/dev/null 2>"$work/stderr"; } 2>"$work/time" \
    || { cat "$work/stderr" >&2; exit 1; }
  read -r wall user sys <"$work/time"
  walls+=("$wall") cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  echo "report $i/$reps: wall ${walls[-1]} s, CPU ${cpus[-1]} s"
done
spread() {
  sort -g | awk -v what="$1" '{ w[NR] = $1 } END {
    printf "report %s (s): min %.2f, median %.2f, max %.2f over %d fresh JVMs\n", what, w[1], w[int((NR + 1) / 2)], w[NR], NR }'
}
printf '%s\n' "${walls[@]}" | spread wall
printf '%s\n' "${cpus[@]}" | spread CPU

echo "report size: $(du -sb "$report" | cut -f1) bytes in $(find "$report" -type f | wc -l) files;" \
  "index.html $(stat -c %s "$report/index.html") bytes"
find "$report" -type f -printf '%s %f\n' | awk '{ n = split($2, p, "."); ext = n > 1 ? p[n] : "(none)"; b[ext] += $1; c[ext]++ }
  END { for (e in b) printf "  %-6s %5d files %12d bytes\n", e, c[e], b[e] }' | sort -k3 -rn

# the page as a reader opens it: headless Chromium (when installed), from navigation until every view is drawn
(cd pipeline && java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.sparknas.report.ReportPageTiming "$report/index.html" 3 2>/dev/null)
