#!/bin/sh
# Creates every PostBridge topic of a network file on an Apache Kafka cluster:
#   per operator CODE: <p>.op.CODE.case.out, <p>.op.CODE.case.in, <p>.op.CODE.tracking.out,
#                      <p>.op.CODE.tracking.in, <p>.op.CODE.tracking.feed, <p>.op.CODE.dlq
#   once:              <p>.dlq.broker
# (names from libs/contracts/src/topics.ts). Existing topics are left as they are.
#
# Usage: create-topics.sh [NETWORK_FILE]        (default: deploy/network.json next to this script)
# Environment:
#   BOOTSTRAP_SERVER    default localhost:9092
#   COMMAND_CONFIG      optional client properties file (SASL/TLS) for kafka-topics.sh
#   TOPIC_PREFIX        overrides the file's "topicPrefix" (must equal the apps' TOPIC_PREFIX)
#   PARTITIONS          default 3; partitions of every topic. Keys are case ids: more partitions,
#                       more parallel cases. Changing it later moves keys; see docs/partner-integration.md.
#   REPLICATION_FACTOR  default 1 (single broker); use 3 in production
#   MIN_INSYNC_REPLICAS optional; sets min.insync.replicas (production: 2, producers use acks=all)
#   DLQ_RETENTION_MS    optional; sets retention.ms on the dead-letter topics
#   DRY_RUN=1           print the commands instead of running them
# Needs kafka-topics.sh (on PATH or in $KAFKA_HOME/bin) and one of jq, node, grep.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/network-lib.sh"
pb_load_network "${1:-}"

partitions="${PARTITIONS:-3}"
replication="${REPLICATION_FACTOR:-1}"

topics_tool=$(pb_kafka_tool kafka-topics.sh)
set -- --bootstrap-server "$bootstrap"
[ -n "${COMMAND_CONFIG:-}" ] && set -- "$@" --command-config "$COMMAND_CONFIG"

create() {
  topic="$1"; shift
  cmd="$topics_tool $* --create --if-not-exists --topic $topic --partitions $partitions --replication-factor $replication"
  [ -n "${MIN_INSYNC_REPLICAS:-}" ] && cmd="$cmd --config min.insync.replicas=$MIN_INSYNC_REPLICAS"
  case "$topic" in
    *.dlq|*.dlq.broker) [ -n "${DLQ_RETENTION_MS:-}" ] && cmd="$cmd --config retention.ms=$DLQ_RETENTION_MS" ;;
  esac
  if [ "${DRY_RUN:-}" = 1 ]; then echo "$cmd"; else echo "topic $topic"; $cmd; fi
}

for code in $codes; do
  for suffix in case.out case.in tracking.out tracking.in tracking.feed dlq; do
    create "$prefix.op.$code.$suffix" "$@"
  done
done
create "$prefix.dlq.broker" "$@"
echo "done: topics for $(echo $codes | wc -w | tr -d ' ') operators, prefix '$prefix', on $bootstrap"
