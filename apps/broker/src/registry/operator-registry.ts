import { CalendarSpec, NetworkAgreement, WorkingCalendar } from '@postbridge/domain';

export interface RegisteredOperator {
  readonly code: string;
  readonly name: string;
  readonly country: string;
  readonly timeZone: string;
  readonly languages: readonly string[];
  readonly active: boolean;
  /** Codes of the networks (agreements) it belongs to. */
  readonly networks: readonly string[];
  /** Its working calendar; `timeZone` is the operator's. */
  readonly calendar: CalendarSpec;
  /** Countries besides its own whose offices it scans for (delegated in the network file). */
  readonly trackingCountries?: readonly string[];
  /** Operators whose items it carries in transit, so it may report their scans. */
  readonly transitFor?: readonly string[];
}

export interface TrackingSettings {
  /** How far back before its arrival a customs hold counts for deadline clocks. */
  readonly backdatedScanWindowHours: number;
}

export const DEFAULT_BACKDATED_SCAN_WINDOW_HOURS = 72;

/** The operators and networks of the PostBridge network, as loaded at boot. Immutable: changing the network means a restart. */
export class OperatorRegistry {
  private readonly byCode: ReadonlyMap<string, RegisteredOperator>;
  private readonly agreementList: readonly NetworkAgreement[];
  private readonly calendars = new Map<string, WorkingCalendar>();

  readonly tracking: TrackingSettings;

  constructor(operators: readonly RegisteredOperator[], agreements: readonly NetworkAgreement[] = [], tracking: Partial<TrackingSettings> = {}) {
    this.byCode = new Map(
      operators.map((o) => [
        o.code,
        Object.freeze({
          ...o,
          languages: Object.freeze([...o.languages]),
          networks: Object.freeze([...o.networks]),
          trackingCountries: Object.freeze([...(o.trackingCountries ?? [])]),
          transitFor: Object.freeze([...(o.transitFor ?? [])]),
        }),
      ]),
    );
    this.tracking = Object.freeze({ backdatedScanWindowHours: tracking.backdatedScanWindowHours ?? DEFAULT_BACKDATED_SCAN_WINDOW_HOURS });
    this.agreementList = Object.freeze(agreements.map((a) => Object.freeze({ ...a })));
  }

  find(code: string): RegisteredOperator | undefined {
    return this.byCode.get(code);
  }

  isActive(code: string): boolean {
    return this.byCode.get(code)?.active === true;
  }

  all(): RegisteredOperator[] {
    return [...this.byCode.values()];
  }

  /** The networks in file order (matchAgreement takes the first that fits). */
  agreements(): readonly NetworkAgreement[] {
    return this.agreementList;
  }

  agreement(code: string): NetworkAgreement | undefined {
    return this.agreementList.find((a) => a.code === code);
  }

  /** The operator's working calendar, built once (it caches its days). Throws for an unknown operator. */
  calendarOf(code: string): WorkingCalendar {
    let cal = this.calendars.get(code);
    if (!cal) {
      const o = this.byCode.get(code);
      if (!o) throw new Error(`no operator ${code} in the network`);
      cal = WorkingCalendar.from({ ...o.calendar, timeZone: o.timeZone });
      this.calendars.set(code, cal);
    }
    return cal;
  }
}
