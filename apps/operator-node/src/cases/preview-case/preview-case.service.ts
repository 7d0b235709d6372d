import { Injectable } from '@nestjs/common';
import { Display, formatCalendarDate } from '@postbridge/catalogue';
import type { Reader } from '../../i18n/reader';
import { CaseAutoPopulation } from '../open-case/case-auto-population';
import { PreviewCaseRequest } from './preview-case.request.dto';
import { PreviewCaseResponse } from './preview-case.response.dto';

/** What openCase would store about an item, by the same code path, without storing or sending anything. */
@Injectable()
export class PreviewCaseService {
  constructor(private readonly autoPopulation: CaseAutoPopulation) {}

  async execute(req: PreviewCaseRequest, reader: Reader): Promise<PreviewCaseResponse> {
    const plan = await this.autoPopulation.planNewCase(req, new Date());
    const d = new Display(reader);
    const w = plan.filingWindow;
    const date = (iso: string) => formatCalendarDate(iso, { locale: reader.locale });
    return {
      itemId: plan.item.id,
      productFamily: plan.item.productFamily,
      inquiryType: req.inquiryType,
      originCountry: plan.item.country,
      destinationOperator: plan.destinationOperator,
      destinationSource: req.destinationOperator === undefined ? 'TRACKING' : 'REQUESTED',
      trackingSummary: plan.summary,
      delivered: plan.delivered,
      // planNewCase refuses outside the window, so a window it returns is open.
      filingWindow: w ? { postedOn: w.postedOn, opensAt: w.earliest, closesAt: w.latest, open: true } : null,
      display: {
        ...d.renderedFor(),
        productFamily: d.code('productFamily', plan.item.productFamily),
        inquiryType: d.code('inquiryType', req.inquiryType),
        originCountry: countryName(plan.item.country, reader),
        trackingStatus: d.code('trackingEvent', plan.summary?.currentStatus?.code ?? null),
        filingWindow: w ? { postedOn: date(w.postedOn), opensAt: date(w.earliest), closesAt: date(w.latest) } : null,
      },
    };
  }
}

function countryName(code: string, reader: Reader): string {
  try {
    return new Intl.DisplayNames([reader.locale, reader.language], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    // A code Intl does not know (S10 has a few, e.g. QA-QZ): the code itself.
    return code;
  }
}
