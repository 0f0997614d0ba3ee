#!/usr/bin/env bash
# How fast an image-folder source reads (list, read, decode with ImageIO, scale, centre-crop): JPEG class
# folders of photo-like images at 48x48 (image-size 48), 224x224 (224) and 500x375 (scaled and cropped to
# 224), read in batches of 256 (org.sparknas.data.ImageReadBenchmark). Prints images/s and CPU time per
# image, with the decode pool's threads and with one (-XX:ActiveProcessorCount=1). Figures only.
#
#   bench/image-read.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
cp_file="$work/classpath.txt"
trap 'rm -rf "$work"' EXIT
# within the reactor (-am): the strategies module comes from its target/classes, never from an installed artifact
mvn -B -q -o -Dstyle.color=never -pl pipeline -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
classpath="pipeline/target/test-classes:pipeline/target/classes:$(cat "$cp_file")"
for cpus in 1 2; do
  echo "-XX:ActiveProcessorCount=$cpus:"
  java @conf/jvm.opts -XX:ActiveProcessorCount=$cpus -Xmx2g -cp "$classpath" org.sparknas.data.ImageReadBenchmark "$work/bench-$cpus"
done
