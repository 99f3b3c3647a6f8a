#!/usr/bin/env bash
# GET /recommendations on the embedded default (one JVM with its broker and redis-server), with wrk:
# saturation (closed loop) and a paced fixed rate. Loads 2,000 items in 50 categories, then 20,000
# events of 5,000 users (every user once, the rest by Zipf's law; 60% views, 30% clicks, 10%
# purchases) through the HTTP API, waits until the worker applied them, then runs wrk.
#
#   bench/serve-wrk.sh [JAR]            # the jar to measure (default: target/kairos-*-embedded.jar)
#
# Environment: SERVE_PORT (19280; it and the next port are used), SERVE_SECONDS (20 per phase),
# SERVE_RATE (the fixed rate, 500/s), SERVE_CONNECTIONS (saturation connections, 32),
# SERVE_HEAP (-Xmx, 1g), SERVE_JFR (a file: a Flight Recording of the saturation phase),
# SERVE_OPEN_RATES (the open-loop phases' rates, comma-separated; default SERVE_RATE; empty: none).
# wrk paces the fixed rate with a per-connection delay (a closed loop: if answers take longer than
# the pace, the achieved rate falls below the target and is reported); the open-loop phase
# (dev.kairos.bench.perf.OpenLoopGet, from this checkout's test classes) sends each request at its
# scheduled time and counts its latency from then: the true fixed-rate latency.
# Output: target/bench/serve-wrk-<label>.txt, where <label> is SERVE_LABEL or the jar's name.
set -euo pipefail
cd "$(dirname "$0")/.."
# the embedded default needs the -embedded jar (the production jar ships no broker or redis-server)
jar="${1:-$(ls target/kairos-*-embedded.jar | head -1)}"
port="${SERVE_PORT:-19280}"
mgmt=$((port + 1))
seconds="${SERVE_SECONDS:-20}"
rate="${SERVE_RATE:-500}"
connections="${SERVE_CONNECTIONS:-32}"
label="${SERVE_LABEL:-$(basename "$jar" .jar)}"
# the open-loop client runs from this checkout's test classes (with HdrHistogram)
open_rates="${SERVE_OPEN_RATES-$rate}"
client_cp=""
if [ -n "$open_rates" ]; then
  mkdir -p target/bench
  ./mvnw -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench/client-classpath.txt > /dev/null
  client_cp="target/test-classes:$(cat target/bench/client-classpath.txt)"
fi
mkdir -p target/bench
out="target/bench/serve-wrk-$label.txt"
java -Xmx"${SERVE_HEAP:-1g}" -jar "$jar" --server.port=$port --management.server.port=$mgmt \
  > "target/bench/serve-wrk-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$mgmt/actuator/health" > /dev/null 2>&1 && break
  sleep 1
done
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
cat > target/bench/serve-wrk.lua <<'LUA'
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
request = function()
  return wrk.format("GET", "/recommendations?userId=u" .. math.random(0, 4999) .. "&count=10")
end
delay = function()
  return delay_ms
end
LUA
{
  echo "# $label: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  # warm-up
  WRK_DELAY_MS=0 wrk -t2 -c4 -d10s -s target/bench/serve-wrk.lua "http://127.0.0.1:$port" > /dev/null
  echo "## saturation: $connections connections, ${seconds}s"
  if [ -n "${SERVE_JFR:-}" ]; then
    jcmd $pid JFR.start duration=${seconds}s filename="$SERVE_JFR" settings=profile > /dev/null
  fi
  WRK_DELAY_MS=0 wrk -t2 -c$connections -d${seconds}s --latency -s target/bench/serve-wrk.lua "http://127.0.0.1:$port"
  paced=8
  echo "## fixed rate $rate/s: $paced connections, each pacing $((paced * 1000 / rate)) ms, ${seconds}s"
  WRK_DELAY_MS=$((paced * 1000 / rate)) wrk -t2 -c$paced -d${seconds}s --latency -s target/bench/serve-wrk.lua \
    "http://127.0.0.1:$port"
  if [ -n "$open_rates" ]; then
    echo "## open loop (dev.kairos.bench.perf.OpenLoopGet): $open_rates req/s, ${seconds}s each"
    java -cp "$client_cp" dev.kairos.bench.perf.OpenLoopGet "http://127.0.0.1:$port" "$open_rates" "$seconds" 5000
  fi
} | tee "$out"
