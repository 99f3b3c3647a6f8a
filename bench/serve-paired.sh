#!/usr/bin/env bash
# Two builds of the embedded default served side by side on one machine, measured alternately in
# short phases: on a shared machine whose load moves by the minute, whole runs of one build and
# then the other compare the load as much as the builds; here both are up and loaded at once, and
# each round measures one and then the other within seconds, so each pair of phases shares the
# machine's state. Each JVM has its own broker and redis-server, and the same data as
# bench/serve-wrk.sh (2,000 items in 50 categories, 20,000 events of 5,000 users).
#
#   bench/serve-paired.sh OLD_JAR NEW_JAR       # the -embedded jars of the two builds
#
# Per round: wrk at saturation (32 connections, closed loop) on each, then the open-loop client
# (dev.kairos.bench.perf.OpenLoopGet: requests sent on a schedule, latency from the scheduled
# start) at a fixed rate on each; the idle build waits meanwhile. Odd rounds measure the old build
# first, even rounds the new one: the first leaves work behind (its worker draining the slates it
# served, its collector) that the second's phase pays for, so use an even number of rounds.
# Environment: SERVE_PORT (first of
# four ports, 19380), SERVE_ROUNDS (5), SERVE_SECONDS (10 per phase), SERVE_RATE (the open loop's
# rate, 500/s), SERVE_HEAP (-Xmx, 1g), SERVE_OLD_OPTS and SERVE_NEW_OPTS (more JVM options for one build,
# e.g. a flight recording or a GC log; give both the same to keep the pair fair). Output: target/bench/serve-paired-<time>.txt, one line per
# phase, then the medians and the median of the per-round ratios (new / old).
set -euo pipefail
cd "$(dirname "$0")/.."
old_jar="$1"
new_jar="$2"
base="${SERVE_PORT:-19380}"
rounds="${SERVE_ROUNDS:-5}"
seconds="${SERVE_SECONDS:-10}"
rate="${SERVE_RATE:-500}"
mkdir -p target/bench
out="target/bench/serve-paired-$(date -u +%Y%m%d-%H%M%S).txt"
./mvnw -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench/client-classpath.txt > /dev/null
client_cp="target/test-classes:$(cat target/bench/client-classpath.txt)"
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null; wait $p 2>/dev/null || true; done' EXIT
start() { # jar port options
  java -Xmx"${SERVE_HEAP:-1g}" $3 -jar "$1" --server.port=$2 --management.server.port=$(($2 + 1)) \
    > "target/bench/serve-paired-$2.log" 2>&1 &
  pids+=($!)
}
start "$old_jar" $base "${SERVE_OLD_OPTS:-}"
start "$new_jar" $((base + 2)) "${SERVE_NEW_OPTS:-}"
for port in $base $((base + 2)); do
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$((port + 1))/actuator/health" > /dev/null 2>&1 && break
    sleep 1
  done
done
load() { # port
  port=$1
  mgmt=$((port + 1))
python3 - "$port" "$mgmt" <<'PY'
import json, random, sys, time, urllib.error, urllib.request
port, mgmt = sys.argv[1], sys.argv[2]
def post(path, body):
    # a loaded machine may answer 503 (Kafka slower than the bounded wait): retry, as a client does
    for attempt in range(20):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req).read()
            return
        except urllib.error.HTTPError as e:
            if e.code != 503 or attempt == 19:
                raise
            time.sleep(1)
rnd = random.Random(42)
items = [{"itemId": f"i{i}", "category": f"c{i % 50}", "createdAt": "2026-11-01T00:00:00Z"} for i in range(2000)]
for k in range(0, len(items), 1000):
    post("/items", items[k:k + 1000])
weights = [1 / (r + 1) for r in range(5000)]
item_weights = [1 / (r + 1) for r in range(2000)]
users = [f"u{u}" for u in range(5000)] + [f"u{u}" for u in rnd.choices(range(5000), weights, k=15000)]
kinds = rnd.choices(["view", "click", "purchase"], [6, 3, 1], k=len(users))
picked = rnd.choices(range(2000), item_weights, k=len(users))
events = [{"eventId": f"e{n}", "userId": u, "itemId": f"i{i}", "type": t}
          for n, (u, i, t) in enumerate(zip(users, picked, kinds))]
for k in range(0, len(events), 1000):
    post("/events", events[k:k + 1000])
def processed():
    text = urllib.request.urlopen(f"http://127.0.0.1:{mgmt}/actuator/prometheus").read().decode()
    return sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines()
               if l.startswith("kairos_events_processed_total"))
deadline = time.time() + 300
while processed() < len(events) and time.time() < deadline:
    time.sleep(1)
print(f"loaded 2000 items, {len(events)} events; processed {processed():.0f}")
PY
}
load $base
load $((base + 2))
cat > target/bench/serve-paired.lua <<'LUA'
request = function()
  return wrk.format("GET", "/recommendations?userId=u" .. math.random(0, 4999) .. "&count=10")
end
LUA
WRK_DELAY_MS=0 wrk -t2 -c4 -d10s -s target/bench/serve-paired.lua "http://127.0.0.1:$base" > /dev/null
WRK_DELAY_MS=0 wrk -t2 -c4 -d10s -s target/bench/serve-paired.lua "http://127.0.0.1:$((base + 2))" > /dev/null
{
  echo "# old $(basename "$old_jar") on :$base, new $(basename "$new_jar") on :$((base + 2)); $(nproc) cores"
  for r in $(seq 1 "$rounds"); do
    # the order alternates: the build measured first leaves work behind (its worker draining the
    # slates it served, its collector) that the second one's phase pays for
    sides="old new"
    [ $((r % 2)) -eq 0 ] && sides="new old"
    for side in $sides; do
      port=$base; [ $side = new ] && port=$((base + 2))
      load1=$(cut -d' ' -f1 /proc/loadavg)
      wrk -t2 -c32 -d${seconds}s --latency -s target/bench/serve-paired.lua "http://127.0.0.1:$port" \
        | awk -v r=$r -v s=$side -v l=$load1 '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /^ +50%/ {p50=$2}
            END {print "round " r " " s " saturation " rps " req/s p50 " p50 " p99 " p99 " load " l}'
      echo "#   ended $(date -u +%H:%M:%S)"
    done
    for side in $sides; do
      port=$base; [ $side = new ] && port=$((base + 2))
      echo -n "round $r $side "
      java -cp "$client_cp" dev.kairos.bench.perf.OpenLoopGet "http://127.0.0.1:$port" "$rate" "$seconds" 5000
      echo "#   ended $(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
} | tee "$out"
python3 - "$out" <<'PY'
import re, statistics, sys
rows = open(sys.argv[1]).read().splitlines()
sat = {}
for line in rows:
    m = re.match(r"round (\d+) (old|new) saturation ([\d.]+) req/s", line)
    if m:
        sat.setdefault(int(m.group(1)), {})[m.group(2)] = float(m.group(3))
    m = re.match(r"round (\d+) (old|new) open loop .*achieved ([\d.]+)/s.*p99 ([\d.]+) ms", line)
    if m:
        sat.setdefault(("open", int(m.group(1))), {})[m.group(2)] = (float(m.group(3)), float(m.group(4)))
s = [v for k, v in sat.items() if isinstance(k, int) and len(v) == 2]
o = [v for k, v in sat.items() if not isinstance(k, int) and len(v) == 2]
with open(sys.argv[1], "a") as f:
    def say(text):
        print(text); f.write(text + "\n")
    if s:
        say(f"saturation: median old {statistics.median(v['old'] for v in s):.1f} req/s, new "
            f"{statistics.median(v['new'] for v in s):.1f} req/s; median ratio new/old "
            f"{statistics.median(v['new'] / v['old'] for v in s):.2f} over {len(s)} rounds")
    if o:
        say(f"open loop: median achieved old {statistics.median(v['old'][0] for v in o):.1f}/s, new "
            f"{statistics.median(v['new'][0] for v in o):.1f}/s; median p99 old "
            f"{statistics.median(v['old'][1] for v in o):.1f} ms, new {statistics.median(v['new'][1] for v in o):.1f} ms")
PY
