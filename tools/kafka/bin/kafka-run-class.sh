#!/bin/sh
# Runs a Kafka class on the runtime that tools/kafka/pom.xml fetches (libs/dev-infra fetches it on
# first use of npm start or npm test). deploy/kafka/*.sh find the tools here with KAFKA_HOME=tools/kafka.
#   PB_KAFKA_LIBS  the folder of jars (default: the cache folder for the pom's Kafka version)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${PB_KAFKA_LIBS:-}" ]; then
  version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/../pom.xml")
  PB_KAFKA_LIBS="${PB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postbridge}/kafka-$version/libs"
fi
[ -d "$PB_KAFKA_LIBS" ] || { echo "no Kafka runtime in $PB_KAFKA_LIBS: run npm start or npm test once (they fetch it)" >&2; exit 1; }
cp=$(ls -d "$PB_KAFKA_LIBS"/*.jar | sort | paste -sd: -)
class=$1; shift
exec "${JAVA:-java}" -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$here/../log4j2-tools.properties" -cp "$cp" "$class" "$@"
