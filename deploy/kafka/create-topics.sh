#!/bin/sh
# Creates every PostBridge topic of a network file on an Apache Kafka cluster:
#   per operator CODE: <p>.op.CODE.case.out, <p>.op.CODE.case.in, <p>.op.CODE.tracking.out,
#                      <p>.op.CODE.tracking.in, <p>.op.CODE.tracking.feed, <p>.op.CODE.dlq
#   once:              <p>.dlq.broker
# (names from libs/contracts/src/topics.ts), each with its retention.ms. Existing topics are left
# as they are (their retention too: change it with kafka-configs.sh --alter, docs/operations.md).
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
#   CASE_RETENTION_MS   default 604800000 (7 days); retention.ms of the .case.out and .case.in topics
#   TRACKING_RETENTION_MS default 604800000 (7 days); retention.ms of .tracking.out, .tracking.in, .tracking.feed
#   DLQ_RETENTION_MS    default 1209600000 (14 days); retention.ms of the dead-letter topics
#                       The apps' inbox keeps its dedupe records RETENTION_INBOX_DAYS (30): keep that
#                       above the topics' retention plus the DLQ's (docs/operations.md, "Retention").
#   PARALLEL            default 4; kafka-topics.sh calls at once (each starts a JVM)
#   DRY_RUN=1           print the commands instead of running them
# Lists the cluster's topics once and creates only the missing ones.
# Needs kafka-topics.sh (on PATH or in $KAFKA_HOME/bin) and one of jq, node, grep.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/network-lib.sh"
pb_load_network "${1:-}"

partitions="${PARTITIONS:-3}"
replication="${REPLICATION_FACTOR:-1}"
case_retention="${CASE_RETENTION_MS:-604800000}"
tracking_retention="${TRACKING_RETENTION_MS:-604800000}"
dlq_retention="${DLQ_RETENTION_MS:-1209600000}"
for v in "$case_retention" "$tracking_retention" "$dlq_retention"; do
  case "$v" in ''|*[!0-9]*) echo "create-topics.sh: retention must be milliseconds (digits), got '$v'" >&2; exit 2 ;; esac
done

topics_tool=$(pb_kafka_tool kafka-topics.sh)
set -- --bootstrap-server "$bootstrap"
[ -n "${COMMAND_CONFIG:-}" ] && set -- "$@" --command-config "$COMMAND_CONFIG"

existing=""
[ "${DRY_RUN:-}" = 1 ] || existing=$($topics_tool "$@" --list)
parallel="${PARALLEL:-4}"
running=0
created=0
pids=""

create() {
  topic="$1"; shift
  if printf '%s\n' "$existing" | grep -qxF "$topic"; then return 0; fi
  cmd="$topics_tool $* --create --if-not-exists --topic $topic --partitions $partitions --replication-factor $replication"
  [ -n "${MIN_INSYNC_REPLICAS:-}" ] && cmd="$cmd --config min.insync.replicas=$MIN_INSYNC_REPLICAS"
  # Messages carry case data (customer data sealed for the recipient): kept only as long as a consumer may need them again.
  case "$topic" in
    *.dlq|*.dlq.broker) cmd="$cmd --config retention.ms=$dlq_retention" ;;
    *.case.out|*.case.in) cmd="$cmd --config retention.ms=$case_retention" ;;
    *.tracking.out|*.tracking.in|*.tracking.feed) cmd="$cmd --config retention.ms=$tracking_retention" ;;
  esac
  if [ "${DRY_RUN:-}" = 1 ]; then echo "$cmd"; return 0; fi
  echo "topic $topic"
  $cmd >/dev/null &
  pids="$pids $!"
  running=$((running + 1))
  created=$((created + 1))
  if [ "$running" -ge "$parallel" ]; then wait_all; fi
}

# Waits for the calls in flight; fails when one of them failed.
wait_all() {
  for pid in $pids; do wait "$pid" || { echo "kafka-topics.sh failed" >&2; exit 1; }; done
  pids=""
  running=0
}

for code in $codes; do
  for suffix in case.out case.in tracking.out tracking.in tracking.feed dlq; do
    create "$prefix.op.$code.$suffix" "$@"
  done
done
create "$prefix.dlq.broker" "$@"
wait_all
echo "done: $created topic(s) created for $(echo $codes | wc -w | tr -d ' ') operators, prefix '$prefix', on $bootstrap"
