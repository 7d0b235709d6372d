import { isTrackingEventCode, legOf } from '@postbridge/domain';
import type { OperatorRegistry } from '../registry/operator-registry';

/** Parties of an item's journey as far as known; null = unknown. */
export interface ItemParties {
  origin: string | null;
  destination: string | null;
}

/**
 * Which operators of the network an item's tracking events concern. Pure: no database.
 *
 * A country maps to the first ACTIVE operator of that country in network-file order; when all
 * operators of the country are inactive, to the first of them (their items in progress still
 * flow, as cases do); when the network has no operator there, to nobody (unknown).
 */
export class ItemRouteRules {
  private readonly byCountry = new Map<string, string>();

  constructor(registry: OperatorRegistry) {
    // registry.all() keeps network-file order.
    for (const o of registry.all()) {
      const first = this.byCountry.get(o.country);
      if (first === undefined || (!registry.isActive(first) && o.active)) this.byCountry.set(o.country, o.code);
    }
  }

  operatorOfCountry(country: string): string | null {
    return this.byCountry.get(country) ?? null;
  }

  /** The operator of the country that issued the (normalised, valid) S10 id: its last two letters. */
  originOf(itemId: string): string | null {
    return this.operatorOfCountry(itemId.slice(-2));
  }

  /** For a destination-leg event (EMD, EDx, EMG, EMH, EMI, ...): the operator of the office's country. */
  destinationOf(code: string, office: string): string | null {
    if (!isTrackingEventCode(code) || legOf(code) !== 'DESTINATION') return null;
    return this.operatorOfCountry(office.slice(0, 2));
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
