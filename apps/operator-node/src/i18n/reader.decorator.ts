import { ApiHeader } from '@nestjs/swagger';
import { RendersForReader as RendersFor } from '@postbridge/platform';

export { CurrentReader } from '@postbridge/platform';

/**
 * A route rendered for its reader (one profile lookup per request, only on such routes), with the
 * node's Swagger note on where the language comes from.
 */
export function RendersForReader() {
  return RendersFor(
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description: "Language of labels and dates when the agent's profile sets none (else the node's default; English is the last resort). The response names it in Content-Language.",
      example: 'de-CH, de;q=0.9, en;q=0.5',
    }),
  );
}
