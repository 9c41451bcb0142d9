/** An access token or ticket and when it stops being usable. */
export interface CachedToken {
  value: string
  /** Epoch milliseconds. */
  expiresAt: number
}

/**
 * Where tokens and tickets are kept so every process of the server shares
 * one: the database or Redis in the server, memory in tests.
 */
export interface TokenStore {
  get(key: string): Promise<CachedToken | null>
  set(key: string, token: CachedToken): Promise<void>
  /** Forgets `key`, but only while it still holds `value`. */
  invalidate(key: string, value: string): Promise<void>
}

/** A store for one process. */
export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, CachedToken>()

  async get(key: string): Promise<CachedToken | null> {
    return this.tokens.get(key) ?? null
  }

  async set(key: string, token: CachedToken): Promise<void> {
    this.tokens.set(key, token)
  }

  async invalidate(key: string, value: string): Promise<void> {
    if (this.tokens.get(key)?.value === value) {
      this.tokens.delete(key)
    }
  }
}
