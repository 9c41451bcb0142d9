import { WecomClient } from '@petcare/wecom'
import { Redis } from 'ioredis'
import type { DataSource } from 'typeorm'
import type { Config } from '../../config'
import { DatabaseTokenStore } from './db-token-store'
import { RedisTokenStore } from './redis-token-store'

/** A WeCom API client and what to close when done with it. */
export interface OpenWecomClient {
  client: WecomClient
  /** The store the client's tokens live in; tickets share it. */
  tokenStore: DatabaseTokenStore | RedisTokenStore
  close(): void
}

/**
 * The WeCom API client for a configuration, its tokens in Redis when
 * `REDIS_URL` is set and in the database otherwise; null when no app secret
 * is configured.
 */
export function openWecomClient(
  config: Config,
  dataSource: DataSource,
): OpenWecomClient | null {
  if (!config.wecom.secret) {
    return null
  }
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        lazyConnect: false,
        maxRetriesPerRequest: 2,
      })
    : null
  const tokenStore = redis
    ? new RedisTokenStore(redis)
    : new DatabaseTokenStore(dataSource)
  const client = new WecomClient({
    corpId: config.wecom.corpId,
    secret: config.wecom.secret,
    apiBase: config.wecom.apiBase,
    tokenStore,
  })
  return {
    client,
    tokenStore,
    close: () => {
      client.transport.close()
      redis?.disconnect()
    },
  }
}
