# Shared by create-topics.sh and acls.sh: reads operator codes and the topic prefix from a
# PostBridge network file. Sourced, not run. POSIX sh.

# Prints one operator code per line: $OPERATOR_CODES if set (space-separated, for images with
# neither jq nor node), else from the file's "operators" with jq, else node, else a sed/grep
# fallback that reads only what follows the "operators" key (agreement codes come before it in
# files laid out like deploy/network.json).
pb_operator_codes() {
  _file="$1"
  if [ -n "${OPERATOR_CODES:-}" ]; then
    printf '%s\n' $OPERATOR_CODES
  elif command -v jq >/dev/null 2>&1; then
    jq -r '.operators[].code' "$_file"
  elif command -v node >/dev/null 2>&1; then
    node -e 'for (const o of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).operators) console.log(o.code)' "$_file"
  else
    echo "note: neither jq nor node found; reading codes with grep" >&2
    sed -n '/"operators"[[:space:]]*:/,$p' "$_file" | grep -o '"code"[[:space:]]*:[[:space:]]*"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'
  fi
}

# Prints the topic prefix: $TOPIC_PREFIX if set (what the apps use), else the file's
# "topicPrefix", else "postbridge" (the apps' default).
pb_topic_prefix() {
  _file="$1"
  if [ -n "${TOPIC_PREFIX:-}" ]; then echo "$TOPIC_PREFIX"; return; fi
  _p=""
  if command -v jq >/dev/null 2>&1; then
    _p=$(jq -r '.topicPrefix // empty' "$_file")
  elif command -v node >/dev/null 2>&1; then
    _p=$(node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (f.topicPrefix) console.log(f.topicPrefix)' "$_file")
  else
    _p=$(grep -o '"topicPrefix"[[:space:]]*:[[:space:]]*"[^"]*"' "$_file" | sed 's/.*"\([^"]*\)"$/\1/')
  fi
  echo "${_p:-postbridge}"
}

# Same rules as libs/contracts/src/topics.ts.
pb_check_prefix() {
  case "$1" in
    ''|*[!A-Za-z0-9_-]*) echo "invalid topic prefix '$1' (letters, digits, _ and - only)" >&2; return 1 ;;
  esac
}
pb_check_code() {
  if ! printf '%s\n' "$1" | grep -Eq '^[A-Z0-9]{2,10}$'; then
    echo "invalid operator code '$1' (2-10 upper-case letters or digits)" >&2; return 1
  fi
}

# kafka-topics.sh / kafka-acls.sh: on PATH, else under $KAFKA_HOME/bin (default /opt/kafka, as in
# the apache/kafka image).
pb_kafka_tool() {
  if command -v "$1" >/dev/null 2>&1; then echo "$1"; else echo "${KAFKA_HOME:-/opt/kafka}/bin/$1"; fi
}

# Reads and checks a network file: sets network_file, bootstrap, prefix and codes, or exits.
pb_load_network() {
  network_file="${1:-${NETWORK_FILE:-$here/../network.json}}"
  [ -r "$network_file" ] || { echo "cannot read network file $network_file" >&2; exit 1; }
  bootstrap="${BOOTSTRAP_SERVER:-localhost:9092}"
  prefix=$(pb_topic_prefix "$network_file")
  pb_check_prefix "$prefix" || exit 1
  codes=$(pb_operator_codes "$network_file")
  [ -n "$codes" ] || { echo "no operators in $network_file" >&2; exit 1; }
  for code in $codes; do pb_check_code "$code" || exit 1; done
}
