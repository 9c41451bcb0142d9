import type { CachedToken, TokenStore } from '@petcare/wecom'
import type { DataSource } from 'typeorm'
import { WecomTokenEntity } from './wecom-token.entity'

/**
 * Keeps WeCom tokens in the database, so every server and worker process
 * uses the one token instead of each fetching its own.
 */
export class DatabaseTokenStore implements TokenStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(key: string): Promise<CachedToken | null> {
    const row = await this.dataSource
      .getRepository(WecomTokenEntity)
      .findOneBy({ key })
    return row ? { value: row.value, expiresAt: row.expiresAt.getTime() } : null
  }

  async set(key: string, token: CachedToken): Promise<void> {
    await this.dataSource.getRepository(WecomTokenEntity).upsert(
      {
        key,
        value: token.value,
        expiresAt: new Date(token.expiresAt),
        updatedAt: new Date(),
      },
      ['key'],
    )
  }

  async invalidate(key: string, value: string): Promise<void> {
    await this.dataSource.getRepository(WecomTokenEntity).delete({ key, value })
  }
}
