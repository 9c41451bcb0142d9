/** Letters WeCom uses in its opaque ids: base64url without padding. */
const URL_SAFE =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * A small seeded generator (mulberry32): the same seed gives the same corp,
 * on every machine and every run.
 */
export class SeededRandom {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) {
      throw new Error('pick() from an empty list')
    }
    return item
  }

  /** A copy of `items` in a random order. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
    }
    return copy
  }

  /** `length` characters from WeCom's url-safe alphabet. */
  urlSafe(length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) {
      text += URL_SAFE[Math.floor(this.next() * URL_SAFE.length)]
    }
    return text
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) {
      text += Math.floor(this.next() * 16).toString(16)
    }
    return text
  }
}
