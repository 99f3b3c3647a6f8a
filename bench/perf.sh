#!/usr/bin/env bash
# The performance suite: one command, every figure of docs/targets.md that can be measured from
# outside, on this machine, against the packaged jar.
#
#   bench/perf.sh --quick                 # 1/10 of the data, short phases: about 4-5 minutes
#   bench/perf.sh                         # 50,000 items, 100,000 users, 10-minute soak: about 20-25 minutes
#   bench/perf.sh --scale 0.3 --soak-seconds 120 --rates 50,100,200 ...   # any PerfBench option
#
# It starts, each as a process of its own on loopback: a redis-server (7.0.15, the binary packaged
# in org.signal:embedded-redis, or PERF_REDIS_SERVER), a Kafka broker (KRaft, dev.kairos.fault.KafkaBrokerMain),
# a Kairos API (kairos.roles.worker=false) and a Kairos worker (kairos.roles.api=false), both from
# target/kairos-*.jar in external mode; then runs dev.kairos.bench.perf.PerfBench (the load generator,
# a fifth JVM), which writes target/bench/perf.json and perf.md (and time-stamped copies). Everything
# it started is stopped on exit, Ctrl-C or failure; logs are in target/bench/logs/.
#
# Environment: PERF_PORT (first of 8 ports, 18180), PERF_JAR (the jar; built if missing),
# PERF_BUILD=1 (package first), PERF_JAVA (java for Kairos and the broker, default: java on PATH),
# PERF_HEAP (Kairos' -Xmx, 1g), KAIROS_ARGS (extra Kairos arguments for both processes).
#
# PerfBench options: --quick, --scale S, --rates 50,100,200,500, --phase-seconds N, --soak-seconds N,
# --soak-rate R, --sustained-rate EVENTS, --callers N, --batch-callers N, --single-callers N, --zipf S,
# --seed N, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PERF_PORT:-18180}"
log_prefix=""
# shellcheck source=bench/infra.sh
. bench/infra.sh

# About 200 candidates per request at d = 32 (see docs/performance.md: the union of the
# ranked lists after removing consumed items; the run reports HMGET per request, which is the
# number actually scored).
candidates="${PERF_CANDIDATES_PER_SOURCE:-36}"
kairos_args+=(--kairos.recommendations.candidates-per-source=$candidates)
if [ -n "${PERF_JAR:-}" ]; then
  # a jar from elsewhere (a baseline): the working tree says nothing of what it was built from
  commit="jar $(basename "$PERF_JAR") sha256:$(sha256sum "$PERF_JAR" | cut -c1-12)"
else
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+uncommitted"; fi
fi

jvm_options="-Xmx$heap"
"$java" $jvm_options -jar "$jar" --server.port=$api --management.server.port=$api_mgmt \
  --kairos.roles.worker=false "${kairos_args[@]}" "${extra[@]}" > "$logs/api.log" 2>&1 &
api_pid=$!; pids+=($api_pid)
"$java" $jvm_options -jar "$jar" --server.port=$worker --management.server.port=$worker_mgmt \
  --kairos.roles.api=false "${kairos_args[@]}" "${extra[@]}" > "$logs/worker.log" 2>&1 &
worker_pid=$!; pids+=($worker_pid)
healthy $api_mgmt $api_pid $worker_pid
healthy $worker_mgmt $api_pid $worker_pid
echo "Kairos API :$api (pid $api_pid), worker (pid $worker_pid), Kafka :$kafka, Redis :$redis; load $(cut -d' ' -f1-3 /proc/loadavg)"

"$java" -Xmx1g -Dlogback.configurationFile=bench/perf-logback.xml -cp "$classpath" dev.kairos.bench.perf.PerfBench \
  --api $api --api-management $api_mgmt --worker-management $worker_mgmt \
  --kafka 127.0.0.1:$kafka --redis-port $redis --api-pid $api_pid --worker-pid $worker_pid \
  --commit "$commit" --jvm-options="$jvm_options ($("$java" -version 2>&1 | head -1))" \
  --kairos-args="--kairos.recommendations.candidates-per-source=$candidates ${KAIROS_ARGS:-}" \
  --layout="redis-server, Kafka broker JVM, Kairos API JVM (roles.worker=false), Kairos worker JVM (roles.api=false), load generator JVM; all on loopback" \
  --out "$out" "$@" > >(tee "$logs/perf.log") 2>&1 &
driver=$!; pids=("$driver" "${pids[@]}")
wait "$driver"
