#!/usr/bin/env bash
# What an executor pays when it reads the images itself (data.delivery = executors): COUNT RGB PNG
# files of SIDExSIDE in a local folder, decoded by a first JVM (ImageIO) and written to the disk cache,
# then a second JVM that finds the cache file and reads it back, checked (size, shape, CRC-32C)
# (org.sparknas.eval.ExecutorImagesBenchmark). A benchmark, not a test: it prints figures only.
#
#   bench/executor-images.sh [COUNT] [SIDE]     (defaults: 7000 images of 3x48x48)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pipeline-classpath.sh"
run() {
  java @conf/jvm.opts -Xmx2g -Dlog4j2.configurationFile=conf/log4j2.properties -cp "$classpath" \
    org.sparknas.eval.ExecutorImagesBenchmark "$work/images" "$work/cache" "${1:-7000}" "${2:-48}"
}
echo "first JVM (writes the PNG folder first, untimed):"
run "$@"
echo "second JVM of the host:"
run "$@"
du -sh "$work/images" "$work/cache"
