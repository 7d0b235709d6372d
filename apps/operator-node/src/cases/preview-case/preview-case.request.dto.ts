import { PickType } from '@nestjs/swagger';
import { OpenCaseRequest } from '../open-case/open-case.request.dto';

/** What decides whether and how a case can be opened: validated exactly as openCase validates it. */
export class PreviewCaseRequest extends PickType(OpenCaseRequest, ['itemId', 'inquiryType', 'destinationOperator'] as const) {}
