#!/bin/sh
# Grants the Kafka ACLs of docs/partner-integration.md (section 1.2) for every operator of a
# network file. For clusters with an authorizer (KRaft: StandardAuthorizer) and
# allow.everyone.if.no.acl.found=false, where whatever is not granted here is denied. Principals:
#   broker:                     User:postbridge-broker
#   operator CODE's node:       User:postbridge-<code in lower case>, e.g. User:postbridge-ch
#   CODE's tracking systems:    User:postbridge-<code>-feed, e.g. User:postbridge-ch-feed
# Grants (LITERAL resources, nothing by prefix):
#   node:     WRITE <p>.op.CODE.case.out, .tracking.out, .dlq
#             READ  <p>.op.CODE.case.in, .tracking.in, .tracking.feed, .dlq, groups <p>.node.CODE.case|.tracking
#   feed:     WRITE <p>.op.CODE.tracking.feed (and nothing else: it cannot read, nor write elsewhere)
#   broker:   READ  every <p>.op.CODE.case.out and .tracking.out, groups <p>.broker.case|.tracking
#             WRITE every <p>.op.CODE.case.in and .tracking.in, <p>.dlq.broker
# So a node can never write another post's topics, nor read them, nor write its own .in topics.
#
# Usage: acls.sh [NETWORK_FILE]                 (default: deploy/network.json next to this script)
# Environment:
#   BOOTSTRAP_SERVER  default localhost:9092
#   COMMAND_CONFIG    client properties of an admin principal (SASL/TLS); needed on a secured cluster
#   TOPIC_PREFIX      overrides the file's "topicPrefix" (must equal the apps' TOPIC_PREFIX)
#   BROKER_PRINCIPAL  default User:postbridge-broker
#   OPERATOR_PRINCIPAL_PREFIX  default User:postbridge-
#   FEED_PRINCIPAL_SUFFIX      default -feed
#   DRY_RUN=1         print the commands instead of running them
# Adding an ACL that exists already is harmless. One kafka-acls.sh call per principal and
# operation (each call starts a JVM). Needs kafka-acls.sh and one of jq, node, grep.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/network-lib.sh"
pb_load_network "${1:-}"

broker="${BROKER_PRINCIPAL:-User:postbridge-broker}"
op_prefix="${OPERATOR_PRINCIPAL_PREFIX:-User:postbridge-}"
feed_suffix="${FEED_PRINCIPAL_SUFFIX:--feed}"

acls_tool=$(pb_kafka_tool kafka-acls.sh)
base="$acls_tool --bootstrap-server $bootstrap"
[ -n "${COMMAND_CONFIG:-}" ] && base="$base --command-config $COMMAND_CONFIG"

# allow PRINCIPAL OPERATION RESOURCE...   (a resource is topic:NAME or group:NAME)
allow() {
  principal=$1; operation=$2; shift 2
  resources=""
  for r in "$@"; do resources="$resources --${r%%:*} ${r#*:}"; done
  cmd="$base --add --allow-principal $principal --operation $operation --resource-pattern-type literal$resources"
  if [ "${DRY_RUN:-}" = 1 ]; then echo "$cmd"; else echo "$principal $operation $*"; $cmd >/dev/null; fi
}

broker_reads=""
broker_writes=""
for code in $codes; do
  lower=$(printf '%s' "$code" | tr 'A-Z' 'a-z')
  op="$op_prefix$lower"
  t="$prefix.op.$code"
  allow "$op" Write topic:"$t.case.out" topic:"$t.tracking.out" topic:"$t.dlq"
  allow "$op" Read topic:"$t.case.in" topic:"$t.tracking.in" topic:"$t.tracking.feed" topic:"$t.dlq" \
    group:"$prefix.node.$code.case" group:"$prefix.node.$code.tracking"
  allow "$op_prefix$lower$feed_suffix" Write topic:"$t.tracking.feed"
  broker_reads="$broker_reads topic:$t.case.out topic:$t.tracking.out"
  broker_writes="$broker_writes topic:$t.case.in topic:$t.tracking.in"
done
# shellcheck disable=SC2086
allow "$broker" Read $broker_reads group:"$prefix.broker.case" group:"$prefix.broker.tracking"
# shellcheck disable=SC2086
allow "$broker" Write $broker_writes topic:"$prefix.dlq.broker"
echo "done: ACLs for the broker and $(echo $codes | wc -w | tr -d ' ') operators, prefix '$prefix', on $bootstrap"
