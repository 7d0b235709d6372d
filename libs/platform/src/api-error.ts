import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error the APIs return: a stable machine-readable code plus a human message. */
export class ApiFieldError {
  @ApiProperty({ example: 'itemId' }) field: string;
  @ApiProperty({ example: 'INVALID_ITEM_ID' }) code: string;
  @ApiProperty({ example: 'itemId must be a valid S10 item id (check digit does not match)' }) message: string;
}

export class ApiErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'INVALID_ITEM_ID', description: 'Machine-readable error code' }) code: string;
  @ApiProperty({ example: 'itemId must be a valid S10 item id (check digit does not match)' }) message: string;
  @ApiPropertyOptional({ type: [ApiFieldError] }) errors?: ApiFieldError[];
  @ApiPropertyOptional({ type: Object }) details?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'W3C trace id of the request, for support' }) traceId?: string;
}

/** An HTTP-level error with a code, thrown by controllers and services. */
export class ApiException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly fieldErrors?: ApiFieldError[],
  ) {
    super(message);
    this.name = 'ApiException';
  }
}
