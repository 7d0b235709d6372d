import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { canonicalTag, SHIPPED_LANGUAGES, ShippedLanguage } from '@postbridge/catalogue';
import { isTemplateId } from '@postbridge/contracts';
import { ApiException } from '@postbridge/platform';
import { requireShippedLanguage } from '../../i18n/shipped-language';

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
    // A bare language: versions are per language, a region would only be dropped silently.
    if (/^[A-Za-z]{2,3}$/.test(value)) return requireShippedLanguage(value);
    if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(value) && canonicalTag(value) !== undefined) {
      throw new ApiException(422, 'LANGUAGE_NOT_SUPPORTED', `template versions are per language: use a bare language such as de, not "${value}"; shipped languages: ${SHIPPED_LANGUAGES.join(', ')}`, { supported: [...SHIPPED_LANGUAGES] });
    }
    throw new ApiException(400, 'INVALID_LANGUAGE_TAG', 'language must be a language code such as de');
  }
}

export const templateNotFound = (id: string) => new ApiException(404, 'TEMPLATE_NOT_FOUND', `no template ${id} at this node`);
