import type { ConnectionOptions } from 'node:tls';
import { SASLOptions } from 'kafkajs';
import type { EnvelopeOpener, EnvelopeSealer, KeyRing, MessageSigner } from '@postbridge/contracts';
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
  /**
   * Partitions each lane works on at once (kafkajs `partitionsConsumedConcurrently`); default 1.
   * A partition's messages stay in order. Every sender writes its own topics, so with more than
   * one, a sender's backlog is handled beside the others' messages instead of before them.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Messages handled from one partition before the lane fetches again (the rest is fetched anew);
   * default 100. Bounds how long one partition's backlog keeps the other partitions waiting.
   */
  maxMessagesPerBatch?: number;
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
  /**
   * false: the relay never prunes the outbox and inbox; the app's retention jobs do it in bounded,
   * measured batches (libs/platform/src/retention). Default true.
   */
  pruneInRelay?: boolean;
  /** Non-transient failures are retried this often before the message is dead-lettered. */
  maxHandlerAttempts?: number;
  /** Signs everything this process publishes through the outbox. */
  signer: MessageSigner;
  /** A node's: encrypts the customer data and free text of what it sends for the recipient post. */
  sealer?: EnvelopeSealer;
  /** A node's: opens what partners sealed for it, after the signature verified and before any handler runs. */
  opener?: EnvelopeOpener;
  /** Public keys of every party (the network file): each signed message is verified before it is decoded. */
  keys: KeyRing;
  /** Trust check on each message once its signature verified: who may write this topic, and sign it. Return a failure to dead-letter it. */
  verifySender: (topic: string, message: { senderOperator: string; recipientOperator: string; pattern: string; signer: string | null }) => SenderCheckFailure | null;
  /** Errors that are known deterministic (e.g. domain rule violations) go straight to the dead-letter topic. */
  isPermanentError?: (err: unknown) => boolean;
  metricsRegistry?: Registry;
  /** kafkajs logs at WARN and above unless told otherwise. */
  kafkaLogLevel?: 'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
