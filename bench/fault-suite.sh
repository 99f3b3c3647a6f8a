#!/usr/bin/env bash
# The full fault suite: separate processes (a Kafka broker JVM, a redis-server, one Kairos
# API and two Kairos workers in external mode), a worker killed with kill -9 in the middle of
# a 100,000-event stream and restarted; the counters, and the shared model's statistics
# learned from the slates served in the stream, must equal a recount of what was answered.
# The Redis tests: redis-server frozen 30 s, and killed with kill -9 then restarted from its
# append-only file (100 batches of 50 events before, during and after). The report lines go
# to target/fault/report.txt, the processes' logs to target/fault/*.log. Also the Kafka outage
# test (broker kill -9 and restart, a poison record), the Redis Cluster test and the
# hostile-input fuzz test. `./mvnw verify` runs them all, the crash test with 4,000 events
# and the restart test with 10 batches per phase.
#
#   bench/fault-suite.sh [events] [attribution window in seconds]
#
# The attribution window runs in event time (the slates' request times, the events'
# timestamps), so the backlog behind the killed worker does not eat into it; the test waits
# until the learners have merged every slate and its feedback.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-100000}"
window="${2:-600}"
rm -f target/fault/report.txt
./mvnw -q verify \
  -Dtest='WorkerCrashTest,KafkaOutageTest,RedisOutageTest,RedisRestartTest,RedisClusterTest,HostileInputFuzzTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dkairos.fault.events="$events" \
  -Dkairos.fault.attribution-window="$window" -Dkairos.fault.restart-batches=100
cat target/fault/report.txt target/hostile-input-report.txt
