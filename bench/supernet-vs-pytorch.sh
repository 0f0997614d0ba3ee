#!/usr/bin/env bash
# Supernet evaluation speed: DJL (the evaluator's own code path) against a plain PyTorch eager
# forward of the same sub-networks (smallest, median, largest of conf/spaces/ofa-fmnist.conf),
# batch 200, same thread count, measured side by side in one run: the sides take turns (never at
# the same time) for ROUNDS rounds; the table shows each side's fastest repetition. A benchmark,
# not a test: it prints figures and asserts nothing about time. The PyTorch side first checks that
# its network computes DJL's logits, so both time the same network.
#
#   bench/supernet-vs-pytorch.sh [THREADS] [ROUNDS]     (defaults: 2, 3)
#   FORWARD_REPS (default 10) and EVALUATION_REPS (default 2) set the repetitions per round and side.
#
# Needs Debian's PyTorch for the eager side: apt-get install -y python3-torch
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${1:-2}"
rounds="${2:-3}"
python=/usr/bin/python3
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "error: $python cannot import torch; install Debian's PyTorch: apt-get install -y python3-torch" >&2
  exit 1
fi

mvn -B -q -o -Dstyle.color=never -pl strategies install -DskipTests
mvn -B -q -o -Dstyle.color=never -pl pipeline test-compile
cp_file="$(mktemp)"
out="$(mktemp -d)"
trap 'rm -rf "$out" "$cp_file"' EXIT
mvn -B -q -o -Dstyle.color=never -pl pipeline dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="pipeline/target/test-classes:pipeline/target/classes:$(cat "$cp_file")"

"$python" bench/supernet_pytorch_eager.py "$out" "$threads" "$rounds" "${FORWARD_REPS:-10}" "${EVALUATION_REPS:-2}" -- \
  java @conf/jvm.opts -Xmx4g -Dlog4j2.level=error -cp "$classpath" org.sparknas.eval.EvaluationBenchmark "$out" "$threads"
