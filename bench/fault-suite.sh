#!/usr/bin/env bash
# The full fault suite: separate processes (a Kafka broker JVM, a redis-server, one Kairos
# API and two Kairos workers in external mode), a worker killed with kill -9 in the middle of
# a 100,000-event stream and restarted; the counters must equal a recount of the events
# answered 202. The report lines go to target/fault/report.txt, the processes' logs to
# target/fault/*.log. Also the Kafka outage test (broker kill -9 and restart, a poison record),
# the Redis Cluster test and the hostile-input fuzz test. `./mvnw verify` runs them all, the
# crash test with 4,000 events.
#
#   bench/fault-suite.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-100000}"
rm -f target/fault/report.txt
./mvnw -q verify -Dtest='WorkerCrashTest,KafkaOutageTest,RedisClusterTest,HostileInputFuzzTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dkairos.fault.events="$events"
cat target/fault/report.txt target/hostile-input-report.txt
