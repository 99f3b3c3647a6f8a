#!/usr/bin/env bash
# Runs the simulator against a fresh Kairos per variant, then compares them.
#   bench/simulate.sh [requests] [variant ...]
# A variant is a label and Kairos arguments separated by ':' (spaces inside become separate arguments), e.g.
#   SIM_ARGS="--users 200" bench/simulate.sh 20000 "linucb:" "no-clock:--kairos.ranking.interest-clock-weight=0" "popularity:--kairos.ranking.policy=popularity"
# SIM_ARGS passes options to the simulator (--users, --items, --seed, ...); SIM_PORT the first API port (18080); SIM_JAR the jar to run.
# Each variant starts the packaged jar in the embedded default on its own loopback ports, so runs do not share state.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-20000}"
shift || true
if [ "$#" -eq 0 ]; then
  set -- "linucb:" "no-clock:--kairos.ranking.interest-clock-weight=0" "popularity:--kairos.ranking.policy=popularity"
fi
# the embedded default needs the -embedded jar (the production jar ships no broker or redis-server)
jar="${SIM_JAR:-$(ls target/kairos-*-embedded.jar 2>/dev/null | head -1 || true)}"
if [ -z "$jar" ]; then
  ./mvnw -q -DskipTests package
  jar=$(ls target/kairos-*-embedded.jar | head -1)
fi
./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/sim-classpath.txt -Dmdep.includeScope=test
classpath="target/test-classes:target/classes:$(cat target/sim-classpath.txt)"
mkdir -p target/sim
csvs=()
port="${SIM_PORT:-18080}"
for variant in "$@"; do
  label="${variant%%:*}"
  args="${variant#*:}"
  api=$port; management=$((port + 1)); port=$((port + 10))
  # shellcheck disable=SC2086
  java -jar "$jar" --server.port=$api --management.server.port=$management \
    --kairos.learning.attribution-window=5s $args > "target/sim/$label.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$management/actuator/health" | grep -q '"UP"'; then break; fi
    sleep 1
  done
  java -Djava.awt.headless=true -cp "$classpath" dev.kairos.bench.sim.Simulator \
    --url "http://localhost:$api" --requests "$requests" ${SIM_ARGS:-} --label "$label" --out target/sim
  # the service's own account of the run (impressions joined to their slate, lag, errors), beside its CSV
  curl -sf "http://127.0.0.1:$management/actuator/prometheus" > "target/sim/$label.prom" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
  csvs+=("target/sim/$label.csv")
done
if [ "${#csvs[@]}" -gt 1 ]; then
  java -Djava.awt.headless=true -cp "$classpath" dev.kairos.bench.sim.Simulator --compare "$(IFS=,; echo "${csvs[*]}")" --out target/sim
fi
