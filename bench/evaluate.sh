#!/usr/bin/env bash
# The evaluation suite, one command (docs/evaluation.md): simulated worlds x learners x seeds x client
# behaviours, and real data replayed in time order; a progress bar on stderr; results.md, results.json,
# runs.csv, replays.csv and PNG plots in bench/results/evaluation/.
#   bench/evaluate.sh            the full run: 7 worlds, 3 seeds, 10,000 requests, both clients, every learner
#   bench/evaluate.sh --quick    3 worlds, 1 seed, 2,000 requests; the Kairos jars on one world (impressions client)
#                                and on the two small replays
#   bench/evaluate.sh [--quick] --worlds default,organic --learners epsilon-greedy,kairos --seeds 1 ...
# Any option of dev.kairos.bench.eval.EvaluationSuite may follow and overrides the preset (see its Javadoc).
# It builds the working tree's jar ("kairos") and, in a throw-away git worktree under target/, the jar of
# commit 4782707 ("kairos-4782707", issue 17's starting point; EVAL_OLD=<commit> builds and names another,
# e.g. EVAL_OLD=4dc583c for the learner "kairos-4dc583c"). Each Kairos run starts a fresh jar in the
# embedded default on loopback ports from EVAL_PORT (18100; API, management, Redis, Kafka = base .. base+3).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=(--seeds 3 --requests 10000)
if [ "${1:-}" = "--quick" ]; then
  shift
  preset=(--seeds 1 --requests 2000 --worlds default,day-parts,organic --http-worlds day-parts
    --http-clients impressions --replays stackexchange,otto --replay-scored 300 --replay-history 3000)
elif [ "${1:-}" = "--full" ]; then
  shift
fi
command="bench/evaluate.sh $*"
[ "${preset[1]}" = "1" ] && command="bench/evaluate.sh --quick $*"
[ -n "${EVAL_OLD:-}" ] && command="EVAL_OLD=$EVAL_OLD $command"

old=${EVAL_OLD:-4782707}
if ! ls target/kairos-$old/target/kairos-*.jar > /dev/null 2>&1; then
  echo "building the jar of $old in target/kairos-$old (a throw-away worktree)" >&2
  [ -d target/kairos-$old ] || git worktree add --detach target/kairos-$old $old > /dev/null
  (cd target/kairos-$old && ./mvnw -q -DskipTests package)
fi
old_jar=$(ls target/kairos-$old/target/kairos-*.jar | head -1)
echo "building the working tree's jar" >&2
./mvnw -q -DskipTests package
# the embedded default needs the -embedded jar (the production jar ships no broker or redis-server)
jar=$(ls target/kairos-*-embedded.jar | head -1)
./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/eval-classpath.txt -Dmdep.includeScope=test
# a snapshot of the classes and jars, so that building again during a long run changes nothing in it
run=target/evaluation-run
rm -rf "$run" && mkdir -p "$run"
cp -r target/classes target/test-classes "$run/" && cp "$jar" "$run/kairos.jar" && cp "$old_jar" "$run/kairos-$old.jar"
classpath="$run/test-classes:$run/classes:$(cat target/eval-classpath.txt)"
java -Djava.awt.headless=true -cp "$classpath" dev.kairos.bench.eval.EvaluationSuite \
  --jar "$run/kairos.jar" --old-jar "$run/kairos-$old.jar" --old-name "kairos-$old" --port "${EVAL_PORT:-18100}" --command "$command" "${preset[@]}" "$@"
