import { ParseUUIDPipe } from '@nestjs/common';
import { ApiException } from '@postbridge/platform';

/** Case ids are UUIDs; anything else cannot name a case. */
export const CaseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ApiException(400, 'INVALID_CASE_ID', 'case id must be a UUID'),
});
