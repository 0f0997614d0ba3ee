#!/usr/bin/env bash
# Supernet evaluation speed: DJL (the evaluator's own code path) against a plain PyTorch eager
# forward of the same sub-networks (smallest, median, largest of conf/spaces/ofa-fmnist.conf, with
# the bundled supernet's weights), batch 200, same thread count, measured side by side in one run:
# DJL, PyTorch in NCHW and PyTorch in channels-last memory take turns (never at the same time) for
# ROUNDS rounds; the table shows each side's fastest repetition and the spread, and compares DJL
# with the faster PyTorch layout. A benchmark, not a test: it prints figures and asserts nothing
# about time. The PyTorch side first checks that its network computes DJL's logits, so both time
# the same network (ALLOW_MISMATCH=name,... times a network that fails the check anyway, marked).
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

cp_file="$(mktemp)"
out="$(mktemp -d)"
trap 'rm -rf "$out" "$cp_file"' EXIT
# within the reactor (-am): the strategies module comes from its target/classes, never from an
# installed artifact; every module writes the same file, the pipeline (built last) wins
mvn -B -q -o -Dstyle.color=never -pl pipeline -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
classpath="pipeline/target/test-classes:pipeline/target/classes:$(cat "$cp_file")"

# glibc's malloc as bin/sparknas sets it (freed activation buffers stay in the heap instead of being
# unmapped and faulted in again every batch), for both sides: both allocate through glibc
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-268435456}"
export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-67108864}"
"$python" bench/supernet_pytorch_eager.py "$out" "$threads" "$rounds" "${FORWARD_REPS:-10}" "${EVALUATION_REPS:-2}" -- \
  java @conf/jvm.opts -Xmx4g -Dlog4j2.level=error -cp "$classpath" org.sparknas.eval.EvaluationBenchmark "$out" "$threads"
