export interface RegisteredOperator {
  readonly code: string;
  readonly name: string;
  readonly country: string;
  readonly timeZone: string;
  readonly languages: readonly string[];
  readonly active: boolean;
}

/** The operators of the network, as loaded at boot. Immutable: changing the network means a restart. */
export class OperatorRegistry {
  private readonly byCode: ReadonlyMap<string, RegisteredOperator>;

  constructor(operators: readonly RegisteredOperator[]) {
    this.byCode = new Map(operators.map((o) => [o.code, Object.freeze({ ...o, languages: Object.freeze([...o.languages]) })]));
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
}
