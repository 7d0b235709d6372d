import { Counter, Histogram, Registry } from 'prom-client';

export class TranslationMetrics {
  readonly requests: Counter<'outcome'>;
  readonly texts: Counter<'source'>;
  readonly duration: Histogram;

  constructor(registry: Registry) {
    this.requests = new Counter({ name: 'postbridge_translation_requests_total', help: 'Requests to the translation service, by outcome (ok or the error code)', labelNames: ['outcome'], registers: [registry] });
    this.texts = new Counter({ name: 'postbridge_translation_texts_total', help: 'Texts translated, by where the translation came from (cache, service)', labelNames: ['source'], registers: [registry] });
    // Buckets around the default 3 s timeout, to see how close to it the service runs.
    this.duration = new Histogram({ name: 'postbridge_translation_request_seconds', help: 'Duration of requests to the translation service', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10], registers: [registry] });
  }
}
