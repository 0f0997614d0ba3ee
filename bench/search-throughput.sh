#!/usr/bin/env bash
# Speed of the search job (issue: distributed population evaluation): slot utilisation on Spark
# local[2] and on a 2-worker standalone cluster, and throughput against a plain 2-thread loop
# evaluating the same candidates without Spark, generation by generation (the search without Spark) and
# in one queue (no generation barriers). The four run REPETITIONS times, in a rotating order; each keeps
# its fastest run. On Linux it also prints the share of the 2 cores that the evaluating threads got (from
# /proc), which unlike the wall-clock ratio does not move with the machine's speed.
# Defaults: the default search's size (16 x 8), fidelity 2000, the bundled supernet, 3 repetitions.
#
#   bench/search-throughput.sh [generation-size] [generations] [fidelity] [weights] [repetitions]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bin/fetch-fashion-mnist >/dev/null
# package, not install: the jobs module's test classpath takes the pipeline's test-jar from the reactor
mvn -B -q -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -DincludeScope=test
weights="$(cd "$(dirname "${4:-supernet/ofa-fmnist.weights}")" && pwd)/$(basename "${4:-supernet/ofa-fmnist.weights}")"
cd jobs
export SPARK_LOCAL_IP=127.0.0.1
# the allocator settings of bin/sparknas, for all three settings alike (the cluster's JVMs inherit them)
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_TOP_PAD_=67108864
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
java -cp "$cp" org.sparknas.jobs.ThreadCpuSamplerCheck
java @../conf/jvm.opts -Xmx3g -Dai.djl.pytorch.num_threads=1 -Dlog4j2.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "$cp" org.sparknas.jobs.SearchThroughputBench "${1:-16}" "${2:-8}" "${3:-2000}" "$weights" "${5:-3}"
