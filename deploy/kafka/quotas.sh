#!/bin/sh
# Sets Kafka client quotas per principal for every operator of a network file, with
# kafka-configs.sh --alter --entity-type users --entity-name <user>, so one post that floods the
# cluster is throttled (Kafka delays its answers) instead of slowing every other post.
# Principals as in acls.sh: the broker, each node (postbridge-<code>), each post's tracking
# systems (postbridge-<code>-feed).
#
# Kafka enforces these per broker node: a principal may reach the rate on each broker it talks to.
# request_percentage is a share of one network or I/O thread per quota window (100 = one thread).
# Defaults (starting points: measure your traffic and adjust):
#   principal                 producer_byte_rate      consumer_byte_rate      request_percentage
#   node postbridge-<code>    2097152 (2 MiB/s)       8388608 (8 MiB/s)       50
#   feed postbridge-<code>-feed 2097152 (2 MiB/s)     1048576 (1 MiB/s)       25
#   broker                    33554432 (32 MiB/s)     33554432 (32 MiB/s)     200
# Overrides, all posts:  NODE_PRODUCER_BYTE_RATE, NODE_CONSUMER_BYTE_RATE, NODE_REQUEST_PERCENTAGE,
#                        FEED_..., BROKER_... (same three suffixes)
# Overrides, one post:   in the network file, on the operator (read with jq or node only):
#   "kafkaQuotas": { "node": { "producer_byte_rate": 4194304 }, "feed": { "request_percentage": 50 } }
#
# Usage: quotas.sh [NETWORK_FILE]               (default: deploy/network.json next to this script)
# Environment:
#   BOOTSTRAP_SERVER  default localhost:9092
#   COMMAND_CONFIG    client properties of an admin principal (SASL/TLS); needed on a secured cluster
#   BROKER_PRINCIPAL, OPERATOR_PRINCIPAL_PREFIX, FEED_PRINCIPAL_SUFFIX  as in acls.sh
#   PARALLEL          default 4; kafka-configs.sh calls at once (each starts a JVM)
#   DRY_RUN=1         print the commands instead of running them
# Setting a quota again replaces it. Read them back with
#   kafka-configs.sh --bootstrap-server ... --describe --entity-type users --entity-name postbridge-ch
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/network-lib.sh"
pb_load_network "${1:-}"

broker="${BROKER_PRINCIPAL:-User:postbridge-broker}"
op_prefix="${OPERATOR_PRINCIPAL_PREFIX:-User:postbridge-}"
feed_suffix="${FEED_PRINCIPAL_SUFFIX:--feed}"

# Kafka's user entity is the principal's name without "User:".
user_of() { printf '%s' "${1#User:}"; }

check_rate() {
  if ! printf '%s\n' "$2" | grep -Eq '^[0-9]+(\.[0-9]+)?$'; then echo "invalid quota $1=$2 (a non-negative number)" >&2; exit 1; fi
}

# defaults ROLE: the three quotas of a role (node, feed, broker) as k=v,k=v,k=v
defaults() {
  case "$1" in
    node) p=${NODE_PRODUCER_BYTE_RATE:-2097152}; c=${NODE_CONSUMER_BYTE_RATE:-8388608}; r=${NODE_REQUEST_PERCENTAGE:-50} ;;
    feed) p=${FEED_PRODUCER_BYTE_RATE:-2097152}; c=${FEED_CONSUMER_BYTE_RATE:-1048576}; r=${FEED_REQUEST_PERCENTAGE:-25} ;;
    broker) p=${BROKER_PRODUCER_BYTE_RATE:-33554432}; c=${BROKER_CONSUMER_BYTE_RATE:-33554432}; r=${BROKER_REQUEST_PERCENTAGE:-200} ;;
  esac
  check_rate producer_byte_rate "$p"; check_rate consumer_byte_rate "$c"; check_rate request_percentage "$r"
  echo "producer_byte_rate=$p,consumer_byte_rate=$c,request_percentage=$r"
}

# overrides CODE ROLE: the operator's "kafkaQuotas"."ROLE" of the network file as k=v lines.
warned=""
overrides() {
  _js='const [f, code, role] = process.argv.slice(1); const o = JSON.parse(require("fs").readFileSync(f, "utf8")).operators.find((x) => x.code === code); for (const [k, v] of Object.entries((o && o.kafkaQuotas && o.kafkaQuotas[role]) || {})) console.log(k + "=" + v)'
  if command -v jq >/dev/null 2>&1; then
    jq -r --arg code "$1" --arg role "$2" '.operators[] | select(.code == $code) | (.kafkaQuotas[$role] // {}) | to_entries[] | "\(.key)=\(.value)"' "$network_file"
  elif command -v node >/dev/null 2>&1; then
    node -e "$_js" "$network_file" "$1" "$2"
  elif [ -z "$warned" ]; then
    echo "note: neither jq nor node found; per-operator kafkaQuotas of $network_file are not read" >&2
    warned=1
  fi
}

# quotas CODE ROLE: defaults with the operator's overrides in place.
quotas() {
  q=$(defaults "$2")
  for kv in $(overrides "$1" "$2"); do
    k=${kv%%=*}; v=${kv#*=}
    case "$k" in producer_byte_rate|consumer_byte_rate|request_percentage) ;; *) echo "$network_file: operator $1: unknown kafkaQuotas.$2 key '$k' (producer_byte_rate, consumer_byte_rate, request_percentage)" >&2; exit 1 ;; esac
    check_rate "$k" "$v"
    q=$(printf '%s' "$q" | tr ',' '\n' | grep -v "^$k=" | tr '\n' ',')$k=$v
  done
  echo "$q"
}

configs_tool=$(pb_kafka_tool kafka-configs.sh)
base="$configs_tool --bootstrap-server $bootstrap"
[ -n "${COMMAND_CONFIG:-}" ] && base="$base --command-config $COMMAND_CONFIG"
parallel="${PARALLEL:-4}"
running=0
count=0
pids=""

wait_all() {
  for pid in $pids; do wait "$pid" || { echo "kafka-configs.sh failed" >&2; exit 1; }; done
  pids=""
  running=0
}

# set_quota USER QUOTAS
set_quota() {
  cmd="$base --alter --entity-type users --entity-name $1 --add-config $2"
  count=$((count + 1))
  if [ "${DRY_RUN:-}" = 1 ]; then echo "$cmd"; return 0; fi
  echo "quota $1 $2"
  $cmd >/dev/null &
  pids="$pids $!"
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then wait_all; fi
}

for code in $codes; do
  lower=$(printf '%s' "$code" | tr 'A-Z' 'a-z')
  node_q=$(quotas "$code" node)
  feed_q=$(quotas "$code" feed)
  set_quota "$(user_of "$op_prefix$lower")" "$node_q"
  set_quota "$(user_of "$op_prefix$lower$feed_suffix")" "$feed_q"
done
set_quota "$(user_of "$broker")" "$(defaults broker)"
wait_all
echo "done: quotas for $count principals ($(echo $codes | wc -w | tr -d ' ') operators and the broker) on $bootstrap"
