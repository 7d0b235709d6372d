import { ReminderPolicy } from '../calendar/reminder-policy';
import { AgreementRefusal, InquiryType, TargetUnit } from '../inquiry-codes';
import { ProductFamily } from '../s10-item-id';

/** How long the responding post has, on its own working calendar. */
export interface ResponseTarget {
  readonly value: number;
  readonly unit: TargetUnit;
}

/** A network (EMS, Parcels, ...) as declared in the network file: what its members agreed on. */
export interface NetworkAgreement {
  readonly code: string;
  readonly name: string;
  readonly productFamilies: readonly ProductFamily[];
  readonly inquiryTypes: readonly InquiryType[];
  /** Each allowed type has one. */
  readonly responseTargets: Readonly<Partial<Record<InquiryType, ResponseTarget>>>;
  /** Hours of working time; beforeEscalation >= 1 counts the DUE_SOON notice as the first reminder. */
  readonly reminders: { readonly leadHours: number; readonly intervalHours: number; readonly beforeEscalation: number };
}

export type AgreementMatch =
  | { ok: true; agreement: NetworkAgreement; target: ResponseTarget; policy: ReminderPolicy }
  | { ok: false; code: AgreementRefusal; detail: string };

const HOUR = 3_600_000;

export function reminderPolicyOf(agreement: NetworkAgreement): ReminderPolicy {
  return {
    leadMs: Math.round(agreement.reminders.leadHours * HOUR),
    intervalMs: Math.round(agreement.reminders.intervalHours * HOUR),
    remindersBeforeEscalation: agreement.reminders.beforeEscalation,
  };
}

/**
 * The agreement a case runs under: the first network, in file order, that both operators belong
 * to, that carries the item's product family and that allows the inquiry type. No network
 * shared for the family -> NO_SHARED_NETWORK; shared, but none allows the type ->
 * INQUIRY_TYPE_NOT_ALLOWED.
 */
export function matchAgreement(
  agreements: readonly NetworkAgreement[],
  originNetworks: readonly string[],
  destinationNetworks: readonly string[],
  family: ProductFamily,
  inquiryType: InquiryType,
): AgreementMatch {
  const shared = agreements.filter(
    (a) => originNetworks.includes(a.code) && destinationNetworks.includes(a.code) && a.productFamilies.includes(family),
  );
  if (shared.length === 0) {
    return {
      ok: false,
      code: 'NO_SHARED_NETWORK',
      detail:
        `no network carrying ${family} items has both operators as members ` +
        `(origin: ${listOf(originNetworks)}; destination: ${listOf(destinationNetworks)})`,
    };
  }
  for (const agreement of shared) {
    const target = agreement.responseTargets[inquiryType];
    if (agreement.inquiryTypes.includes(inquiryType) && target) {
      return { ok: true, agreement, target, policy: reminderPolicyOf(agreement) };
    }
  }
  return {
    ok: false,
    code: 'INQUIRY_TYPE_NOT_ALLOWED',
    detail: `${inquiryType} inquiries are not allowed for ${family} items in ${listOf(shared.map((a) => a.code))}`,
  };
}

function listOf(codes: readonly string[]): string {
  return codes.length > 0 ? codes.join(', ') : 'none';
}
