import type { ConnectionOptions } from 'node:tls';
import { SASLOptions } from 'kafkajs';
import { Registry } from 'prom-client';

export interface SenderCheckFailure {
  code: string;
  message: string;
}

export interface MessagingOptions {
  clientId: string;
  brokers: string[];
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
  /** Consumer group id. */
  groupId: string;
  /** Name under which the inbox records applied messages. */
  consumerName: string;
  subscribeTopics: string[];
  /**
   * Topics split into lanes, each consumed by its own consumer group `<groupId>.<name>`, so that
   * bulk traffic on one lane cannot delay another. Without lanes, one group reads subscribeTopics.
   */
  lanes?: Array<{ name: string; topics: string[] }>;
  /** Where messages that can never be processed go, with the reason in headers. */
  deadLetterTopic: string;
  maxWaitTimeInMs?: number;
  /** Consumer group session timeout; default 10 s. */
  sessionTimeoutMs?: number;
  outboxBatchSize?: number;
  outboxPollIntervalMs?: number;
  /** Days to keep published outbox rows before pruning. */
  outboxRetentionDays?: number;
  /** Days to keep inbox (dedupe) records; must exceed the Kafka topics' retention. Default 30. */
  inboxRetentionDays?: number;
  /** Non-transient failures are retried this often before the message is dead-lettered. */
  maxHandlerAttempts?: number;
  /** Trust check on each message: return a failure to dead-letter it. */
  verifySender?: (topic: string, message: { senderOperator: string; recipientOperator: string; pattern: string }) => SenderCheckFailure | null;
  /** Errors that are known deterministic (e.g. domain rule violations) go straight to the dead-letter topic. */
  isPermanentError?: (err: unknown) => boolean;
  metricsRegistry?: Registry;
  /** kafkajs logs at WARN and above unless told otherwise. */
  kafkaLogLevel?: 'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
