#!/usr/bin/env bash
# How fast an image-folder source reads (list, read, decode with ImageIO, scale, centre-crop): JPEG class
# folders of photo-like images at 48x48 (image-size 48), 224x224 (224) and 500x375 (scaled and cropped to
# 224), read in batches of 256 (org.sparknas.data.ImageReadBenchmark). Prints images/s and CPU time per
# image, with the decode pool's threads and with one (-XX:ActiveProcessorCount=1). Figures only.
#
#   bench/image-read.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pipeline-classpath.sh"
for cpus in 1 2; do
  echo "-XX:ActiveProcessorCount=$cpus:"
  java @conf/jvm.opts -XX:ActiveProcessorCount=$cpus -Xmx2g -cp "$classpath" org.sparknas.data.ImageReadBenchmark "$work/bench-$cpus"
done
