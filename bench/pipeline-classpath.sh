# Sourced by the bench scripts that run a main class of the pipeline's test sources: builds them,
# then sets $root (the repository, also the working directory), $work (a temporary folder, removed
# on exit) and $classpath (pipeline test and main classes, strategies, every dependency).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# within the reactor (-am): the strategies module comes from its target/classes, never from an installed artifact
mvn -B -q -o -Dstyle.color=never -pl pipeline -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
classpath="pipeline/target/test-classes:pipeline/target/classes:strategies/target/classes:$(cat "$work/classpath.txt")"
