import type { CachedToken, TokenStore } from '@petcare/wecom'
import type { Redis } from 'ioredis'

/** Forget `key` only while it still holds `value` (one atomic step). */
const INVALIDATE_IF_SAME = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

/**
 * Keeps WeCom tokens in Redis, for deployments that share them across many
 * processes faster than the database would. Entries expire with the token.
 */
export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'petcare:',
  ) {}

  async get(key: string): Promise<CachedToken | null> {
    const [value, ttl] = await Promise.all([
      this.redis.get(this.prefix + key),
      this.redis.pttl(this.prefix + key),
    ])
    if (value === null || ttl <= 0) {
      return null
    }
    return { value, expiresAt: Date.now() + ttl }
  }

  async set(key: string, token: CachedToken): Promise<void> {
    const ttl = token.expiresAt - Date.now()
    if (ttl > 0) {
      await this.redis.set(this.prefix + key, token.value, 'PX', ttl)
    }
  }

  async invalidate(key: string, value: string): Promise<void> {
    await this.redis.eval(INVALIDATE_IF_SAME, 1, this.prefix + key, value)
  }
}
