import { PipeTransform } from '@nestjs/common';
import { normalizeS10, validateS10 } from '@postbridge/domain';
import { ApiException } from '@postbridge/platform';

/** Path item ids are normalised (spaces, lower case) and must be valid S10 ids. */
export class ItemIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    // As typed ("rb 123 456 785 gb") an id is well under 40 characters; longer is not worth normalising.
    if (typeof value !== 'string' || value.length > 40) throw new ApiException(400, 'INVALID_ITEM_ID', 'itemId must be a valid S10 item id such as RB123456785GB (too long)');
    const id = normalizeS10(value);
    const r = validateS10(id);
    if (!r.ok) throw new ApiException(400, 'INVALID_ITEM_ID', `itemId must be a valid S10 item id such as RB123456785GB (${r.message})`);
    return r.value.id;
  }
}
