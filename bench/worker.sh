#!/usr/bin/env bash
# The worker alone, draining a backlog: how many events a second one Kairos worker applies to
# Redis when it never waits for Kafka (docs/targets.md: >= 20,000 events/s), without the API and the
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
log_prefix="worker-"
# shellcheck source=bench/infra.sh
. bench/infra.sh

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
redis_info() { exec 3<>/dev/tcp/127.0.0.1/$redis; printf 'INFO commandstats\r\nQUIT\r\n' >&3; tr -d '\r' <&3; exec 3<&-; }
redis_info | grep -E '^cmdstat_' | sed -e 's/^cmdstat_//' -e 's/,rejected.*//' > "$out/worker-commandstats-before.txt"
bench drain --kafka 127.0.0.1:$kafka "$@"
# Redis's work during the drain, per command: calls and microseconds (usec), from INFO commandstats
redis_info | grep -E '^cmdstat_' | sed -e 's/^cmdstat_//' -e 's/,rejected.*//' > "$out/worker-commandstats.txt"
echo "Redis commands during the drain (calls, CPU µs; the worker's start-up included):"
awk -F'[:=,]' 'NR==FNR { c[$1]=$3; u[$1]=$5; next } { dc=$3-c[$1]; du=$5-u[$1]; if (dc > 0) printf "  %-20s %9d calls %10.0f usec %7.1f usec/call\n", $1, dc, du, du/dc }' \
  "$out/worker-commandstats-before.txt" "$out/worker-commandstats.txt" | sort -k4 -n -r
# the worker JVM's CPU per thread group (names as /proc keeps them: 15 characters, digits dropped)
echo "worker JVM CPU seconds by thread (start-up included):"
for t in /proc/$worker_pid/task/*; do
  printf '%s\t%s\n' "$(tr -d '0-9' < "$t/comm")" "$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "$t/stat")"
done 2>/dev/null | awk -F'\t' '{ s[$1] += $2 } END { for (k in s) if (s[k] >= 0.5) printf "  %6.1f  %s\n", s[k], k }' | sort -n -r
echo "CPU seconds while draining (and starting, for the worker): redis-server $(awk -v a="$(cpu $redis_pid)" -v b="$redis_cpu" 'BEGIN{print a-b}'), worker JVM $(cpu $worker_pid)"
echo "load average before the drain: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg); jar $jar, worktree at $(git rev-parse --short HEAD)"
