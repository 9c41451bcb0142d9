/** A fault the next calls to an endpoint suffer. */
export interface FaultRule {
  /**
   * The endpoint, e.g. `/cgi-bin/user/get` or `externalcontact/get`; omit
   * for every `/cgi-bin/` endpoint.
   */
  path?: string
  /** Answer with this errcode instead, e.g. -1 (busy) or 45033. */
  errcode?: number
  /** Wait this long before answering, in ms. */
  delayMs?: number
  /** How many calls the fault applies to (1). */
  times?: number
}

/** What one call should suffer, once its rule has been matched. */
export interface Fault {
  errcode?: number
  delayMs: number
}

interface ActiveRule {
  path: string | null
  errcode?: number
  delayMs: number
  left: number
}

/**
 * Fault injection for tests: make the next N calls to an endpoint fail with
 * an errcode, or answer late.
 */
export class FaultInjector {
  private rules: ActiveRule[] = []

  /** Adds a rule; rules are matched in the order they were added. */
  inject(rule: FaultRule): void {
    const times = rule.times ?? 1
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError('times must be a positive integer')
    }
    if (rule.errcode === undefined && rule.delayMs === undefined) {
      throw new RangeError('a fault needs an errcode, a delayMs or both')
    }
    this.rules.push({
      path: rule.path === undefined ? null : normalizePath(rule.path),
      errcode: rule.errcode,
      delayMs: rule.delayMs ?? 0,
      left: times,
    })
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = []
  }

  /** How many calls are still to be faulted, over all rules. */
  pending(): number {
    return this.rules.reduce((sum, rule) => sum + rule.left, 0)
  }

  /** Takes one use of the first rule matching `path`, if any. */
  take(path: string): Fault | undefined {
    const rule = this.rules.find(
      (candidate) => candidate.path === null || candidate.path === path,
    )
    if (!rule) {
      return undefined
    }
    rule.left--
    if (rule.left === 0) {
      this.rules = this.rules.filter((candidate) => candidate !== rule)
    }
    return { errcode: rule.errcode, delayMs: rule.delayMs }
  }
}

/** `user/get` and `/cgi-bin/user/get` name the same endpoint. */
function normalizePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '').replace(/^cgi-bin\//, '')
  return `/cgi-bin/${trimmed}`
}
