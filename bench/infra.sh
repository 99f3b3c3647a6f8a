# Shared by bench/perf.sh and bench/worker.sh (sourced, not run): loopback ports from $port, the
# packaged jar and the test classpath, a redis-server and a Kafka broker as processes of their own,
# a health wait, and a cleanup that stops everything started (SIGTERM, then SIGKILL after 20 s) on
# exit, Ctrl-C or failure. Before sourcing, set `port` (the first of 7) and `log_prefix` (log file
# names under target/bench/logs/). Environment: PERF_JAVA, PERF_HEAP (1g), PERF_JAR, PERF_BUILD=1,
# PERF_REDIS_SERVER, KAIROS_ARGS.
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

# the production jar (external Kafka and Redis), not the -embedded one
jar="${PERF_JAR:-$(ls target/kairos-*.jar 2>/dev/null | grep -v -- '-embedded\.jar$' | head -1 || true)}"
if [ -z "$jar" ] || [ "${PERF_BUILD:-0}" = 1 ]; then
  ./mvnw -q -DskipTests package
  jar=$(ls target/kairos-*.jar | grep -v -- '-embedded\.jar$' | head -1)
fi
./mvnw -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/perf-classpath.txt -Dmdep.includeScope=test
classpath="target/test-classes:target/classes:$(cat target/perf-classpath.txt)"

pids=()
kafka_dir=$(mktemp -d /tmp/kairos-bench-kafka.XXXXXX)
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
"$redis_server" --port $redis --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  > "$logs/${log_prefix}redis.log" 2>&1 &
redis_pid=$!; pids+=($redis_pid)

"$java" -Xmx768m -cp "$classpath" dev.kairos.fault.KafkaBrokerMain $kafka $controller "$kafka_dir" \
  > "$logs/${log_prefix}kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do grep -q "KAFKA READY" "$logs/${log_prefix}kafka.log" && break; sleep 0.5; done
grep -q "KAFKA READY" "$logs/${log_prefix}kafka.log" \
  || { echo "Kafka did not start, see $logs/${log_prefix}kafka.log" >&2; exit 1; }

# healthy MANAGEMENT_PORT PID...: waits until that Kairos answers UP; fails if any PID exits
healthy() {
  local management=$1; shift
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$management/actuator/health" 2>/dev/null | grep -q '"UP"'; then return 0; fi
    for pid in "$@"; do
      kill -0 "$pid" 2>/dev/null || { echo "Kairos exited, see $logs/" >&2; exit 1; }
    done
    sleep 0.5
  done
  echo "Kairos not healthy, see $logs/" >&2; exit 1
}
