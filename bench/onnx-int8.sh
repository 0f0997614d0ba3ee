#!/usr/bin/env bash
# int8 post-training quantization of the bundled supernet's smallest, median and largest networks
# in ONNX Runtime: accuracy (DJL, ORT fp32, ORT int8; held-out split and official test set), model
# bytes, the int8 kernels ORT runs, and ORT latency fp32 against int8 at batch 1 and 16 with one
# intra-op thread, the two models taking turns (org.sparknas.onnx.QuantizationBenchmark). A
# benchmark, not a test: it prints figures and asserts nothing about time.
#
#   bench/onnx-int8.sh [ROUNDS] [REPS]     (defaults: 5 rounds, 200 runs per round at batch 1, 20 at 16)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin/fetch-fashion-mnist >/dev/null
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# within the reactor (-am): the strategies module comes from its target/classes, never from an installed artifact
mvn -B -q -o -Dstyle.color=never -pl pipeline -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
classpath="pipeline/target/test-classes:pipeline/target/classes:$(cat "$cp_file")"
java @conf/jvm.opts -Xmx4g -Dlog4j2.level=error -Dai.djl.offline=true -cp "$classpath" \
  org.sparknas.onnx.QuantizationBenchmark "${1:-5}" "${2:-200}"
