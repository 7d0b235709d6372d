import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The last page any listing serves: deeper offsets cost the database more than any reader needs. */
export const MAX_PAGE = 10_000;
export const MAX_PAGE_SIZE = 200;

// Only plain decimal digits become numbers: "1e308", "0x10", " 7", "1.0" and arrays stay as they
// came and fail IsInt, so every listing answers them with the same code.
const digitsToNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value);

function boundedInt(name: string, code: string, max: number, defaultValue: number, description: string): PropertyDecorator {
  const context = { code };
  const message = `${name} must be a whole number from 1 to ${max}`;
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: max, default: defaultValue, description }),
    IsOptional(),
    Transform(digitsToNumber),
    IsInt({ message, context }),
    Min(1, { message, context }),
    Max(max, { message, context }),
  );
}

/** `page` of every paged listing (node and broker): 1..MAX_PAGE, else 400 INVALID_PAGE. */
export const PageParam = (defaultValue = 1) => boundedInt('page', 'INVALID_PAGE', MAX_PAGE, defaultValue, `1-based page number, at most ${MAX_PAGE}`);

/** `pageSize` of every paged listing: 1..MAX_PAGE_SIZE, else 400 INVALID_PAGE_SIZE. */
export const PageSizeParam = (defaultValue: number) => boundedInt('pageSize', 'INVALID_PAGE_SIZE', MAX_PAGE_SIZE, defaultValue, `items per page, at most ${MAX_PAGE_SIZE}`);
