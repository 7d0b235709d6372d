import { isTrackingEventCode, legOf } from '@postbridge/domain';
import type { OperatorRegistry } from '../registry/operator-registry';

/** Parties of an item's journey as far as known; null = unknown. */
export interface ItemParties {
  origin: string | null;
  destination: string | null;
}

/** Why the broker refuses a scan (pb-dlq-reason of the refusal copy, label of the metric). */
export const TrackingRefusalCode = {
  /** The office is in a country the sender neither is nor has been delegated in the network file. */
  OFFICE_NOT_OWNED: 'TRACKING_OFFICE_NOT_OWNED',
  /** The sender is neither the item's origin, its destination nor a declared transit post of it. */
  NOT_A_PARTY: 'TRACKING_NOT_A_PARTY',
  /** The scan names another destination than the item's (a destination-leg scan by another post, or another despatch country). */
  ROUTE_CONFLICT: 'TRACKING_ROUTE_CONFLICT',
} as const;
export type TrackingRefusalCode = (typeof TrackingRefusalCode)[keyof typeof TrackingRefusalCode];
export const TRACKING_REFUSAL_CODES = Object.values(TrackingRefusalCode);

/** What the broker does with one valid scan. */
export type ScanVerdict =
  | { kind: 'ACCEPT' }
  /** Cannot be judged before the item's destination is known: held, delivered to nobody. */
  | { kind: 'JUDGE_LATER' }
  | { kind: 'REFUSE'; code: TrackingRefusalCode; detail: string };

/** The parts of a scan the rules look at (normalised). */
export interface JudgedScan {
  code: string;
  office: string;
  destinationCountry: string;
}

const ACCEPT: ScanVerdict = { kind: 'ACCEPT' };
const JUDGE_LATER: ScanVerdict = { kind: 'JUDGE_LATER' };

/**
 * Which operators of the network an item's tracking events concern, and who may speak of it. Pure: no database.
 *
 * A country maps to the first ACTIVE operator of that country in network-file order; when all
 * operators of the country are inactive, to the first of them (their items in progress still
 * flow, as cases do); a country no operator has as its own, to the first operator it is
 * delegated to (`trackingCountries`); else to nobody (unknown).
 */
export class ItemRouteRules {
  private readonly byCountry = new Map<string, string>();
  private readonly countriesOf = new Map<string, ReadonlySet<string>>();
  private readonly transitFor = new Map<string, ReadonlySet<string>>();

  constructor(registry: OperatorRegistry) {
    // registry.all() keeps network-file order.
    for (const o of registry.all()) {
      const first = this.byCountry.get(o.country);
      if (first === undefined || (!registry.isActive(first) && o.active)) this.byCountry.set(o.country, o.code);
      this.countriesOf.set(o.code, new Set([o.country, ...(o.trackingCountries ?? [])]));
      this.transitFor.set(o.code, new Set(o.transitFor ?? []));
    }
    for (const o of registry.all()) for (const c of o.trackingCountries ?? []) if (!this.byCountry.has(c)) this.byCountry.set(c, o.code);
  }

  operatorOfCountry(country: string): string | null {
    return this.byCountry.get(country) ?? null;
  }

  /** The operator of the country that issued the (normalised, valid) S10 id: its last two letters. */
  originOf(itemId: string): string | null {
    return this.operatorOfCountry(itemId.slice(-2));
  }

  /** The office's country (IMPC prefix) is the sender's own or one the network file delegates to it. */
  ownsOffice(sender: string, office: string): boolean {
    return this.countriesOf.get(sender)?.has(office.slice(0, 2)) === true;
  }

  /** The sender carries the item's origin's mail in transit (`transitFor` in the network file). */
  isTransit(sender: string, parties: ItemParties): boolean {
    return parties.origin !== null && this.transitFor.get(sender)?.has(parties.origin) === true;
  }

  /**
   * The destination a scan names with authority: only the item's origin post says where it sends
   * the item (`destination_country` on its despatch scans). Null when the scan names none, when
   * another post sends it, or when no operator serves the country.
   */
  destinationNamed(scan: JudgedScan, sender: string, origin: string | null): string | null {
    if (scan.destinationCountry === '' || origin === null || sender !== origin || !this.ownsOffice(sender, scan.office)) return null;
    return this.operatorOfCountry(scan.destinationCountry);
  }

  /**
   * May `sender` report this scan of an item with these parties? Its office must be the sender's;
   * the sender must be the origin, the destination or a declared transit post (not for
   * destination-leg scans); and the scan must not name another destination than the known one. A sender that may yet turn out to be the
   * destination (the destination is not known) is judged again once it is.
   */
  judge(scan: JudgedScan, sender: string, parties: ItemParties): ScanVerdict {
    const country = scan.office.slice(0, 2);
    if (!this.ownsOffice(sender, scan.office)) {
      return { kind: 'REFUSE', code: TrackingRefusalCode.OFFICE_NOT_OWNED, detail: `${sender} does not scan at offices in ${country} (${scan.office})` };
    }
    const { origin, destination } = parties;
    if (scan.destinationCountry !== '' && destination !== null && this.operatorOfCountry(scan.destinationCountry) !== destination) {
      return { kind: 'REFUSE', code: TrackingRefusalCode.ROUTE_CONFLICT, detail: `names destination ${scan.destinationCountry}, but the item goes to ${destination}` };
    }
    // A destination-leg scan says the item is in the sender's country: only the destination's (or
    // the origin's, e.g. a return) speak for it; a transit post's is a claim like anyone else's.
    const destinationLeg = isTrackingEventCode(scan.code) && legOf(scan.code) === 'DESTINATION';
    if (sender === origin || sender === destination) return ACCEPT;
    if (!destinationLeg && this.isTransit(sender, parties)) return ACCEPT;
    if (destination === null) return JUDGE_LATER;
    if (destinationLeg) {
      return { kind: 'REFUSE', code: TrackingRefusalCode.ROUTE_CONFLICT, detail: `a destination-leg ${scan.code} at ${scan.office}, but the item goes to ${destination}` };
    }
    return { kind: 'REFUSE', code: TrackingRefusalCode.NOT_A_PARTY, detail: `${sender} is neither origin (${origin ?? 'unknown'}), destination (${destination}) nor a transit post of the item` };
  }

  /**
   * The item's parties according to a case about it. The case's origin is whoever opened it: the
   * sender's post (then the item goes to the case's destination) or the addressee's post, which
   * opens the case towards the item's origin (then the item goes to the case's origin). An item
   * whose origin is unknown takes the case's origin as its origin.
   */
  fromCase(itemOrigin: string | null, c: { originOperator: string; destinationOperator: string }): ItemParties {
    if (itemOrigin === null) return { origin: c.originOperator, destination: c.destinationOperator };
    const destination = itemOrigin === c.destinationOperator ? c.originOperator : c.destinationOperator;
    return { origin: itemOrigin, destination };
  }
}

/** Who gets an event: origin and destination once each, never its sender nor someone who already has it. */
export function recipientsOf(parties: ItemParties, sender: string, alreadyDelivered: string | null = null): string[] {
  const out: string[] = [];
  for (const p of [parties.origin, parties.destination]) {
    if (p !== null && p !== sender && p !== alreadyDelivered && !out.includes(p)) out.push(p);
  }
  return out;
}
