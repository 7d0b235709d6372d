#!/bin/sh
# Formats the compose Kafka's storage once, creating the SCRAM users of deploy/kafka/acls.sh
# (kafkajs cannot create them): admin, the broker app, each node and each post's tracking systems.
# Development passwords: <user>-secret.
set -eu
data=/var/lib/kafka/data
if [ -f "$data/meta.properties" ]; then echo "already formatted"; exit 0; fi
set -- -S "SCRAM-SHA-512=[name=admin,password=admin-secret]" -S "SCRAM-SHA-512=[name=postbridge-broker,password=postbridge-broker-secret]"
for code in ch de us jp; do
  set -- "$@" -S "SCRAM-SHA-512=[name=postbridge-$code,password=postbridge-$code-secret]" -S "SCRAM-SHA-512=[name=postbridge-$code-feed,password=postbridge-$code-feed-secret]"
done
exec /opt/kafka/bin/kafka-storage.sh format -t "$CLUSTER_ID" -c /postbridge/kafka/compose/server.properties "$@"
