// Kafka header names. Values are UTF-8 strings.
export const Headers = {
  traceparent: 'traceparent',
  messageId: 'pb-message-id',
  messageType: 'pb-type',
  schemaVersion: 'pb-schema-version',
  sender: 'pb-sender',
  dlqReason: 'pb-dlq-reason',
  dlqDetail: 'pb-dlq-detail',
  dlqSourceTopic: 'pb-dlq-source-topic',
  dlqSourcePartition: 'pb-dlq-source-partition',
  dlqSourceOffset: 'pb-dlq-source-offset',
  dlqConsumer: 'pb-dlq-consumer',
  dlqAt: 'pb-dlq-at',
} as const;
