#!/usr/bin/env bash
# The performance suite: one command, every figure of DESIGN.md §8 that can be measured from
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
api=$port; api_mgmt=$((port + 1)); worker=$((port + 2)); worker_mgmt=$((port + 3))
kafka=$((port + 4)); controller=$((port + 5)); redis=$((port + 6))
java="${PERF_JAVA:-java}"
heap="${PERF_HEAP:-1g}"
out=target/bench
logs=$out/logs
mkdir -p "$logs"

# About 200 candidates per request at d = 32 (see docs/performance.md: the union of the
# ranked lists after removing consumed items; the run reports HMGET per request, which is the
# number actually scored).
candidates="${PERF_CANDIDATES_PER_SOURCE:-36}"
kairos_args=(--kairos.infrastructure=external --spring.main.banner-mode=off
  --spring.kafka.bootstrap-servers=127.0.0.1:$kafka
  --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=$redis
  --kairos.recommendations.candidates-per-source=$candidates)
# shellcheck disable=SC2206
extra=(${KAIROS_ARGS:-})

for p in $api $api_mgmt $worker $worker_mgmt $kafka $controller $redis; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
    echo "port $p is in use; set PERF_PORT to another first port" >&2
    exit 1
  fi
done

jar="${PERF_JAR:-$(ls target/kairos-*.jar 2>/dev/null | grep -v original | head -1 || true)}"
if [ -z "$jar" ] || [ "${PERF_BUILD:-0}" = 1 ]; then
  ./mvnw -q -DskipTests package
  jar=$(ls target/kairos-*.jar | grep -v original | head -1)
fi
./mvnw -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/perf-classpath.txt -Dmdep.includeScope=test
classpath="target/test-classes:target/classes:$(cat target/perf-classpath.txt)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+uncommitted"; fi

pids=()
kafka_dir=$(mktemp -d /tmp/kairos-perf-kafka.XXXXXX)
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$kafka_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

redis_server="${PERF_REDIS_SERVER:-}"
if [ -z "$redis_server" ]; then
  redis_server=$out/redis-server-7.0.15
  if [ ! -x "$redis_server" ]; then
    embedded=$(tr ':' '\n' < target/perf-classpath.txt | grep embedded-redis | head -1)
    case "$(uname -m)" in aarch64|arm64) arch=arm64 ;; *) arch=amd64 ;; esac
    unzip -p "$embedded" "redis-server-7.0.15-linux-$arch" > "$redis_server"
    chmod +x "$redis_server"
  fi
fi
"$redis_server" --port $redis --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$logs/redis.log" 2>&1 &
pids+=($!)

"$java" -Xmx768m -cp "$classpath" dev.kairos.fault.KafkaBrokerMain $kafka $controller "$kafka_dir" \
  > "$logs/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do grep -q "KAFKA READY" "$logs/kafka.log" && break; sleep 0.5; done
grep -q "KAFKA READY" "$logs/kafka.log" || { echo "Kafka did not start, see $logs/kafka.log" >&2; exit 1; }

jvm_options="-Xmx$heap"
"$java" $jvm_options -jar "$jar" --server.port=$api --management.server.port=$api_mgmt \
  --kairos.roles.worker=false "${kairos_args[@]}" "${extra[@]}" > "$logs/api.log" 2>&1 &
api_pid=$!; pids+=($api_pid)
"$java" $jvm_options -jar "$jar" --server.port=$worker --management.server.port=$worker_mgmt \
  --kairos.roles.api=false "${kairos_args[@]}" "${extra[@]}" > "$logs/worker.log" 2>&1 &
worker_pid=$!; pids+=($worker_pid)
for m in $api_mgmt $worker_mgmt; do
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$m/actuator/health" 2>/dev/null | grep -q '"UP"'; then break; fi
    kill -0 $api_pid 2>/dev/null && kill -0 $worker_pid 2>/dev/null || { echo "Kairos exited, see $logs/" >&2; exit 1; }
    sleep 0.5
  done
done
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
