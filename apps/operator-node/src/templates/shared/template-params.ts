import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { resolveLanguage, SHIPPED_LANGUAGES, ShippedLanguage } from '@postbridge/catalogue';
import { isTemplateId } from '@postbridge/contracts';
import { ApiException } from '@postbridge/platform';

@Injectable()
export class TemplateIdPipe implements PipeTransform<string, string> {
  transform(value: string, _meta: ArgumentMetadata): string {
    if (!isTemplateId(value)) throw new ApiException(400, 'INVALID_TEMPLATE_ID', 'templateId must be 2-64 upper-case letters, digits or _ starting with a letter, e.g. DELIVERED_WITH_SIGNATURE');
    return value;
  }
}

/** Template versions exist in the catalogue's languages only: a reader can only ever be served those. */
@Injectable()
export class TemplateLanguagePipe implements PipeTransform<string, ShippedLanguage> {
  transform(value: string, _meta: ArgumentMetadata): ShippedLanguage {
    const language = /^[A-Za-z]{2,3}$/.test(value) ? resolveLanguage(value) : undefined;
    if (!language) throw new ApiException(422, 'LANGUAGE_NOT_SUPPORTED', `templates are kept in ${SHIPPED_LANGUAGES.join(', ')}, not "${value}"`, { supported: [...SHIPPED_LANGUAGES] });
    return language;
  }
}

export const templateNotFound = (id: string) => new ApiException(404, 'TEMPLATE_NOT_FOUND', `no template ${id} at this node`);
