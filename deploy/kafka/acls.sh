#!/bin/sh
# Grants the Kafka ACLs of docs/partner-integration.md (section 1.2) for every operator of a
# network file. For clusters with an authorizer (KRaft: StandardAuthorizer) and
# allow.everyone.if.no.acl.found=false. Principals:
#   broker:        User:postbridge-broker
#   operator CODE: User:postbridge-<code in lower case>, e.g. User:postbridge-ch
# Grants (LITERAL resources):
#   operator: WRITE <p>.op.CODE.case.out, <p>.op.CODE.tracking.out
#             READ  <p>.op.CODE.case.in, <p>.op.CODE.tracking.in, groups <p>.node.CODE.case|.tracking
#             WRITE+READ <p>.op.CODE.tracking.feed (its own tracking systems write, its node reads)
#             WRITE+READ <p>.op.CODE.dlq (the node dead-letters there; READ to inspect)
#   broker:   READ  every <p>.op.CODE.case.out and .tracking.out, groups <p>.broker.case|.tracking
#             WRITE every <p>.op.CODE.case.in and .tracking.in, <p>.dlq.broker
#
# Usage: acls.sh [NETWORK_FILE]                 (default: deploy/network.json next to this script)
# Environment:
#   BOOTSTRAP_SERVER  default localhost:9092
#   COMMAND_CONFIG    client properties of an admin principal (SASL/TLS); needed on a secured cluster
#   TOPIC_PREFIX      overrides the file's "topicPrefix" (must equal the apps' TOPIC_PREFIX)
#   BROKER_PRINCIPAL  default User:postbridge-broker
#   OPERATOR_PRINCIPAL_PREFIX  default User:postbridge-
#   DRY_RUN=1         print the commands instead of running them
# Adding an ACL that exists already is harmless. Needs kafka-acls.sh and one of jq, node, grep.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/network-lib.sh"
pb_load_network "${1:-}"

broker="${BROKER_PRINCIPAL:-User:postbridge-broker}"
op_prefix="${OPERATOR_PRINCIPAL_PREFIX:-User:postbridge-}"

acls_tool=$(pb_kafka_tool kafka-acls.sh)
base="$acls_tool --bootstrap-server $bootstrap"
[ -n "${COMMAND_CONFIG:-}" ] && base="$base --command-config $COMMAND_CONFIG"

# allow PRINCIPAL OPERATION topic|group NAME
allow() {
  cmd="$base --add --allow-principal $1 --operation $2 --resource-pattern-type literal --$3 $4"
  if [ "${DRY_RUN:-}" = 1 ]; then echo "$cmd"; else echo "$1 $2 $3 $4"; $cmd >/dev/null; fi
}

for code in $codes; do
  op="$op_prefix$(printf '%s' "$code" | tr 'A-Z' 'a-z')"
  t="$prefix.op.$code"
  # operator CODE
  allow "$op" Write topic "$t.case.out"
  allow "$op" Write topic "$t.tracking.out"
  allow "$op" Read  topic "$t.case.in"
  allow "$op" Read  topic "$t.tracking.in"
  # the post's own tracking systems write the feed, its node reads it
  allow "$op" Write topic "$t.tracking.feed"
  allow "$op" Read  topic "$t.tracking.feed"
  # one consumer group per lane: <p>.node.CODE.case and <p>.node.CODE.tracking
  allow "$op" Read  group "$prefix.node.$code.case"
  allow "$op" Read  group "$prefix.node.$code.tracking"
  allow "$op" Write topic "$t.dlq"
  allow "$op" Read  topic "$t.dlq"
  # broker, for CODE
  allow "$broker" Read  topic "$t.case.out"
  allow "$broker" Read  topic "$t.tracking.out"
  allow "$broker" Write topic "$t.case.in"
  allow "$broker" Write topic "$t.tracking.in"
done
allow "$broker" Write topic "$prefix.dlq.broker"
allow "$broker" Read  group "$prefix.broker.case"
allow "$broker" Read  group "$prefix.broker.tracking"
echo "done: ACLs for the broker and $(echo $codes | wc -w | tr -d ' ') operators, prefix '$prefix', on $bootstrap"
