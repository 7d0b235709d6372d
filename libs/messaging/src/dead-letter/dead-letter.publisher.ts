import { Logger } from '@nestjs/common';
import { IHeaders, KafkaMessage } from 'kafkajs';
import { Headers } from '@postbridge/contracts';
import { KafkaProducerService } from '../kafka/kafka-producer.service';
import { MessagingMetrics } from '../messaging.metrics';

/** Copies a message, untouched, to the dead-letter topic with why and where it came from. */
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);

  constructor(
    private readonly producer: KafkaProducerService,
    private readonly topic: string,
    private readonly consumerName: string,
    private readonly metrics: MessagingMetrics,
  ) {}

  async publish(source: { topic: string; partition: number; message: KafkaMessage }, reason: string, detail: string): Promise<void> {
    const headers: IHeaders = {
      ...(source.message.headers ?? {}),
      [Headers.dlqReason]: reason,
      [Headers.dlqDetail]: detail.slice(0, 2000),
      [Headers.dlqSourceTopic]: source.topic,
      [Headers.dlqSourcePartition]: String(source.partition),
      [Headers.dlqSourceOffset]: source.message.offset,
      [Headers.dlqConsumer]: this.consumerName,
      [Headers.dlqAt]: new Date().toISOString(),
    };
    await this.producer.send(this.topic, [{ key: source.message.key, value: source.message.value, headers }]);
    this.metrics.deadLettered.inc({ reason });
    this.logger.warn(`dead-lettered ${source.topic}[${source.partition}]@${source.message.offset}: ${reason}: ${detail}`);
  }
}
