#!/usr/bin/env bash
# A real Prometheus (Debian's package) scrapes a running Kairos for a minute under traffic,
# then answers PromQL queries on Kairos metrics through its HTTP API, evaluates every panel
# query of the Grafana dashboard (each must return data) and the alerting rules of
# ops/prometheus/rules.yml (each must evaluate without error).
#
# Kairos runs the way its container image runs it: the image's own entrypoint and
# environment (read from the Jib image's config) over the image's application layers, in
# external mode, against a real Kafka broker and a real redis-server. Those two are started
# by a second Kairos process in its embedded mode with both roles off, so nothing but the
# `prometheus` package is installed (apt-get, only if missing). No Docker daemon is needed.
#
#   ops/prometheus-check.sh            # DURATION=60 seconds of traffic by default; PORT_BASE=21000 for fixed ports
#
# Needs: a JDK 17+, curl, python3, and root (or an installed prometheus) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}

if ! command -v prometheus >/dev/null; then
  echo "== installing Debian's prometheus package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
echo "== $(prometheus --version 2>&1 | head -1)"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# PORT_BASE=21000 takes the ports from PORT_BASE on (a shared machine's own range); else free ones
free_port() { # offset from PORT_BASE
  if [ -n "${PORT_BASE:-}" ]; then echo $((PORT_BASE + $1)); return; fi
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "not up: $1" >&2; return 1
}

echo "== building the jar and the image's application layers (jib:buildTar; the base image is not needed here)"
./mvnw -q -DskipTests -Dspring-javaformat.skip=true package jib:buildTar \
  -Djib.from.image=scratch -Djib.outputPaths.tar=target/kairos-app-layers.tar
mkdir -p "$work/image" "$work/root"
tar -xf target/kairos-app-layers.tar -C "$work/image"
for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/image/manifest.json"); do
  tar -xzf "$work/image/$layer" -C "$work/root" 2>/dev/null || tar -xf "$work/image/$layer" -C "$work/root"
done
config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/image/manifest.json")
# the image's classpath names /app/...; here the layers live under $work/root/app
sed -i "s#/app/#$work/root/app/#g" "$work/root/app/jib-classpath-file"
mapfile -t entrypoint < <(python3 -c 'import json,sys; [print(a) for a in json.load(open(sys.argv[1]))["config"]["Entrypoint"]]' "$work/image/$config")
mapfile -t image_env < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["config"]["Env"]]' "$work/image/$config")
for i in "${!entrypoint[@]}"; do entrypoint[$i]=${entrypoint[$i]/#@\/app\//@$work/root/app/}; done

kafka_port=$(free_port 0); redis_port=$(free_port 1); infra_mgmt=$(free_port 2)
echo "== Kafka 127.0.0.1:$kafka_port and Redis 127.0.0.1:$redis_port (a Kairos in embedded mode, roles off)"
java -jar target/kairos-0.1.0-SNAPSHOT-embedded.jar --kairos.roles.api=false --kairos.roles.worker=false \
  --kairos.embedded.kafka-port="$kafka_port" --kairos.embedded.redis-port="$redis_port" \
  --server.port=0 --management.server.port="$infra_mgmt" >"$work/infrastructure.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$infra_mgmt/actuator/health/liveness" 120

api=$(free_port 3); mgmt=$(free_port 4)
echo "== Kairos, the image's command line: ${image_env[*]} ${entrypoint[*]}"
(cd "$work/root" && exec env "${image_env[@]}" \
  SPRING_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port" SPRING_DATA_REDIS_HOST=127.0.0.1 SPRING_DATA_REDIS_PORT="$redis_port" \
  SERVER_PORT="$api" MANAGEMENT_SERVER_PORT="$mgmt" "${entrypoint[@]}") >"$work/kairos.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$mgmt/actuator/health/readiness" 120
echo "   readiness: $(curl -s "http://127.0.0.1:$mgmt/actuator/health/readiness")"

prom=$(free_port 5)
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $PWD/ops/prometheus/rules.yml
scrape_configs:
  - job_name: kairos
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$mgmt"]
YAML
echo "== Prometheus on 127.0.0.1:$prom, scraping every 5 s"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom" >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$prom/-/ready" 60

base="http://127.0.0.1:$api"
echo "== traffic for ${DURATION}s: 40 items, events and recommendations, clicks on served items"
for i in $(seq 1 40); do
  curl -fs -o /dev/null -X PUT "$base/items/item-$i" -H 'Content-Type: application/json' \
    -d "{\"category\": \"c$((i % 5))\", \"createdAt\": \"2026-01-01T00:00:00Z\"}"
done
end=$((SECONDS + DURATION)); requests=0
while [ $SECONDS -lt $end ]; do
  user="user-$((RANDOM % 200))"
  answer=$(curl -fs "$base/recommendations?userId=$user&count=5") || answer=""
  requests=$((requests + 1))
  rec=$(printf '%s' "$answer" | python3 -c 'import json,sys
try:
  a=json.load(sys.stdin); print(a["recommendationId"], a["items"][0]["itemId"])
except Exception: pass')
  if [ -n "$rec" ] && [ $((RANDOM % 3)) -eq 0 ]; then
    set -- $rec
    curl -fs -o /dev/null -X POST "$base/events" -H 'Content-Type: application/json' \
      -d "{\"userId\": \"$user\", \"itemId\": \"$2\", \"type\": \"click\", \"recommendationId\": \"$1\"}"
  fi
  curl -fs -o /dev/null -X POST "$base/events" -H 'Content-Type: application/json' \
    -d "[{\"userId\": \"$user\", \"itemId\": \"item-$((RANDOM % 40 + 1))\", \"type\": \"view\"}]" || true
  # a malformed request and an unknown user now and then (the first time through too), so that
  # rejections and the 4xx panel show even when a loaded machine sends few requests
  if [ $((requests % 20)) -eq 1 ]; then
    curl -s -o /dev/null -X POST "$base/events" -H 'Content-Type: application/json' -d '{oops' || true
    curl -s -o /dev/null "$base/users/nobody-$RANDOM" || true
  fi
  sleep 0.05
done
echo "   $requests recommendation requests sent"
sleep 6 # one more scrape

cat >"$work/show.py" <<'PY'
import json, sys
answer = json.load(sys.stdin)
assert answer["status"] == "success", answer
rows = answer["data"]["result"]
if not rows:
    print("   (no data)")
for row in rows:
    labels = ",".join(k + "=" + v for k, v in sorted(row["metric"].items()) if k not in ("instance", "job"))
    print("   {" + labels + "} " + row["value"][1])
PY
query() {
  echo "-- $1"
  curl -fsG "http://127.0.0.1:$prom/api/v1/query" --data-urlencode "query=$1" | python3 "$work/show.py"
}
echo "== Prometheus target: $(curl -fs "http://127.0.0.1:$prom/api/v1/targets" | python3 -c 'import json,sys; t=json.load(sys.stdin)["data"]["activeTargets"][0]; print(t["scrapeUrl"], t["health"])')"
echo "== PromQL"
query 'sum by (type) (rate(kairos_events_accepted_total[1m]))'
query 'sum by (reason) (kairos_events_rejected_total) > 0'
query 'sum by (outcome) (rate(kairos_events_processed_total[1m]))'
query 'histogram_quantile(0.99, sum by (le) (rate(kairos_events_freshness_seconds_bucket[1m])))'
query 'histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{uri=~"/recommendations|/events"}[1m])))'
query 'sum by (policy) (kairos_recommendations_clicks_total) / sum by (policy) (kairos_recommendations_items_total)'
query 'sum by (reason) (kairos_recommendations_items_total) > 0'
query 'kairos_model_version'
query 'sum(kairos_model_updates_total)'
query 'kairos_consumer_lag'
query 'kairos_recommendations_coldstart_share'

echo "== every panel of ops/grafana/kairos-dashboard.json, as Grafana asks (job=kairos, rate interval 2m)"
python3 - "$prom" ops/grafana/kairos-dashboard.json <<'PY'
import json, sys, urllib.parse, urllib.request
prom, dashboard = sys.argv[1], json.load(open(sys.argv[2]))
empty = []
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        expr = target["expr"].replace("$__rate_interval", "2m").replace("$job", "kairos")
        url = "http://127.0.0.1:" + prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        answer = json.load(urllib.request.urlopen(url))
        assert answer["status"] == "success", (panel["title"], answer)
        rows = answer["data"]["result"]
        values = ", ".join(r["value"][1] for r in rows[:4]) + (" ..." if len(rows) > 4 else "")
        print("   %-58s %-2s %2d series  %s" % (panel["title"][:58], target["refId"], len(rows), values))
        if not rows:
            empty.append(panel["title"] + " / " + target["refId"])
if empty:
    print("== FAILED: panels without data: " + "; ".join(empty), file=sys.stderr)
    sys.exit(1)
print("== OK: every panel query returned data")
PY

echo "== alerting rules (ops/prometheus/rules.yml), as Prometheus evaluated them"
curl -fs "http://127.0.0.1:$prom/api/v1/rules" | python3 -c '
import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
bad = []
for group in groups:
    for rule in group["rules"]:
        print("   %-34s %-6s %s" % (rule["name"], rule["health"], rule.get("state", "")))
        if rule["health"] != "ok":
            bad.append(rule["name"] + ": " + rule.get("lastError", ""))
assert sum(len(g["rules"]) for g in groups) >= 9, "rules not loaded"
if bad:
    sys.exit("== FAILED: rules that do not evaluate: " + "; ".join(bad))
print("== OK: every rule evaluates")
'

result=$(curl -fsG "http://127.0.0.1:$prom/api/v1/query" --data-urlencode 'query=sum(kairos_events_accepted_total)' \
  | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
if python3 -c "import sys; sys.exit(0 if float('$result') > 0 else 1)"; then
  echo "== OK: Prometheus counted $result accepted events"
else
  echo "== FAILED: Prometheus saw no accepted events" >&2; exit 1
fi
