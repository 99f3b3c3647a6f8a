#!/usr/bin/env bash
# The worker alone, draining a backlog: how many events a second one Kairos worker applies to
# Redis when it never waits for Kafka (DESIGN.md §8: >= 20,000 events/s), without the API and the
# load generator sharing the cores while it runs. About 2 minutes.
#
#   bench/worker.sh                                  # 5,000 items, 20,000 users, 200,000 events
#   bench/worker.sh --events 100000 --users 10000    # WorkerBench options: --items --users --events --slates
#   WORKER_JFR=1 bench/worker.sh                     # also a JFR profile of the worker: target/bench/worker.jfr
#
# Steps: redis-server and a Kafka broker as in bench/perf.sh; a Kairos API (roles.worker=false) loads
# the catalogue and serves --slates recommendations, then stops; the events are written to
# kairos.events directly (as the API writes them; one click per served slate names it); then the
# worker (roles.api=false) starts and WorkerBench samples the group's committed offsets until the lag
# is 0. Environment: PERF_PORT (18280), PERF_JAVA, PERF_HEAP (1g), KAIROS_ARGS, WORKER_JVM_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PERF_PORT:-18280}"
api=$port; api_mgmt=$((port + 1)); worker=$((port + 2)); worker_mgmt=$((port + 3))
kafka=$((port + 4)); controller=$((port + 5)); redis=$((port + 6))
java="${PERF_JAVA:-java}"
heap="${PERF_HEAP:-1g}"
out=target/bench
logs=$out/logs
mkdir -p "$logs"
kairos_args=(--kairos.infrastructure=external --spring.main.banner-mode=off
  --spring.kafka.bootstrap-servers=127.0.0.1:$kafka
  --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=$redis)
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

pids=()
kafka_dir=$(mktemp -d /tmp/kairos-worker-kafka.XXXXXX)
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

redis_server="${PERF_REDIS_SERVER:-$out/redis-server-7.0.15}"
if [ ! -x "$redis_server" ]; then
  embedded=$(tr ':' '\n' < target/perf-classpath.txt | grep embedded-redis | head -1)
  case "$(uname -m)" in aarch64|arm64) arch=arm64 ;; *) arch=amd64 ;; esac
  unzip -p "$embedded" "redis-server-7.0.15-linux-$arch" > "$redis_server"
  chmod +x "$redis_server"
fi
"$redis_server" --port $redis --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$logs/worker-redis.log" 2>&1 &
redis_pid=$!; pids+=($redis_pid)
"$java" -Xmx768m -cp "$classpath" dev.kairos.fault.KafkaBrokerMain $kafka $controller "$kafka_dir" \
  > "$logs/worker-kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do grep -q "KAFKA READY" "$logs/worker-kafka.log" && break; sleep 0.5; done
grep -q "KAFKA READY" "$logs/worker-kafka.log" || { echo "Kafka did not start" >&2; exit 1; }

healthy() {
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"UP"'; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "Kairos exited, see $logs/" >&2; exit 1; }
    sleep 0.5
  done
  echo "Kairos not healthy" >&2; exit 1
}
bench() { "$java" -Xmx512m -Dlogback.configurationFile=bench/perf-logback.xml -cp "$classpath" dev.kairos.bench.perf.WorkerBench "$@"; }

"$java" -Xmx$heap -jar "$jar" --server.port=$api --management.server.port=$api_mgmt \
  --kairos.roles.worker=false "${kairos_args[@]}" "${extra[@]}" > "$logs/worker-api.log" 2>&1 &
api_pid=$!; pids+=($api_pid)
healthy $api_mgmt $api_pid
bench items --api $api "$@"
kill -TERM $api_pid; wait $api_pid 2>/dev/null || true
bench produce --kafka 127.0.0.1:$kafka "$@"

jvm_options="-Xmx$heap ${WORKER_JVM_OPTS:-}"
if [ "${WORKER_JFR:-0}" = 1 ]; then
  jvm_options="$jvm_options -XX:StartFlightRecording=filename=$out/worker.jfr,settings=profile,dumponexit=true"
fi
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# CPU seconds a process used so far (user + system)
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }
redis_cpu=$(cpu $redis_pid)
# shellcheck disable=SC2086
"$java" $jvm_options -jar "$jar" --server.port=$worker --management.server.port=$worker_mgmt \
  --kairos.roles.api=false "${kairos_args[@]}" "${extra[@]}" > "$logs/worker-worker.log" 2>&1 &
worker_pid=$!; pids+=($worker_pid)
bench drain --kafka 127.0.0.1:$kafka "$@"
echo "CPU seconds while draining (and starting, for the worker): redis-server $(awk -v a="$(cpu $redis_pid)" -v b="$redis_cpu" 'BEGIN{print a-b}'), worker JVM $(cpu $worker_pid)"
echo "load average before the drain: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)"
