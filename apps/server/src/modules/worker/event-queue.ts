import type { DataSource } from 'typeorm'
import { dialectOf, toSqliteDatetime } from '../../db/data-source'
import {
  WecomEventEntity,
  type WecomEventRecord,
} from '../wecom-callback/wecom-event.entity'

/** Due: waiting or failed and past its retry time, or a stale claim. */
const DUE = `((status IN ('pending', 'failed')
  AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
  OR (status = 'processing' AND locked_at < ?))`

/** A claim older than this is taken to be a crashed worker's. */
const STALE_CLAIM_MS = 5 * 60_000

/**
 * The stored events seen as a work queue. Claims use
 * `FOR UPDATE SKIP LOCKED` on MySQL, so several workers never take the same
 * event; on SQLite one writer at a time does the same.
 */
export class EventQueue {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims up to `limit` events that are due, oldest first. */
  async claim(limit: number, now = new Date()): Promise<WecomEventRecord[]> {
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS)
    const ids =
      dialectOf(this.dataSource) === 'mysql'
        ? await this.claimMysql(limit, now, staleBefore)
        : await this.claimSqlite(limit, now, staleBefore)
    if (ids.length === 0) {
      return []
    }
    return this.dataSource
      .getRepository(WecomEventEntity)
      .createQueryBuilder('e')
      .whereInIds(ids)
      .orderBy('e.id', 'ASC')
      .getMany()
  }

  /**
   * Each kind of due event is read through the (status, id) index in id
   * order, so a claim locks only the rows it takes; READ COMMITTED releases
   * the rows it looked at and passed over.
   */
  private async claimMysql(
    limit: number,
    now: Date,
    staleBefore: Date,
  ): Promise<string[]> {
    const kinds: [string, unknown[]][] = [
      ["status = 'pending'", []],
      ["status = 'failed' AND next_attempt_at <= ?", [now]],
      ["status = 'processing' AND locked_at < ?", [staleBefore]],
    ]
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const ids: string[] = []
      for (const [condition, parameters] of kinds) {
        if (ids.length >= limit) {
          break
        }
        const rows: { id: string }[] = await manager.query(
          `SELECT id FROM wecom_event WHERE ${condition}
           ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
          [...parameters, limit - ids.length],
        )
        ids.push(...rows.map((row) => String(row.id)))
      }
      if (ids.length > 0) {
        await manager.query(
          `UPDATE wecom_event SET status = 'processing', locked_at = ?
           WHERE id IN (${ids.map(() => '?').join(', ')})`,
          [now, ...ids],
        )
      }
      return ids
    })
  }

  /**
   * One statement, no transaction: on SQLite every query shares a single
   * connection, so an open transaction here would swallow the callback
   * inserts made meanwhile and commit them only when it does.
   */
  private async claimSqlite(
    limit: number,
    now: Date,
    staleBefore: Date,
  ): Promise<string[]> {
    const at = toSqliteDatetime(now)
    const stale = toSqliteDatetime(staleBefore)
    const rows: { id: number }[] = await this.dataSource.query(
      `UPDATE wecom_event SET status = 'processing', locked_at = ?
       WHERE id IN (SELECT id FROM wecom_event WHERE ${DUE}
                    ORDER BY id LIMIT ?)
       RETURNING id`,
      [at, at, stale, limit],
    )
    return rows.map((row) => String(row.id))
  }

  /** Marks events done, in one statement. */
  async complete(ids: string[], now = new Date()): Promise<void> {
    if (ids.length === 0) {
      return
    }
    await this.dataSource
      .getRepository(WecomEventEntity)
      .createQueryBuilder()
      .update()
      .set({
        status: 'done',
        processedAt: now,
        lockedAt: null,
        lastError: null,
        nextAttemptAt: null,
      })
      .whereInIds(ids)
      .execute()
  }

  /**
   * Records a failed attempt: retried after `retryAt`, or parked when it is
   * null (given up until someone retries it).
   */
  async fail(
    event: WecomEventRecord,
    reason: string,
    retryAt: Date | null,
  ): Promise<void> {
    await this.update(event.id, {
      status: retryAt ? 'failed' : 'parked',
      attempts: event.attempts + 1,
      lastError: reason.slice(0, 2000),
      nextAttemptAt: retryAt,
      lockedAt: null,
    })
  }

  /** Hands claimed events back unprocessed, for any worker to take now. */
  async release(ids: string[]): Promise<void> {
    if (ids.length === 0) {
      return
    }
    await this.dataSource
      .getRepository(WecomEventEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', lockedAt: null })
      .whereInIds(ids)
      .andWhere("status = 'processing'")
      .execute()
  }

  /** Puts parked (or failed) events back in the queue, now. */
  async retry(ids: string[]): Promise<number> {
    if (ids.length === 0) {
      return 0
    }
    const result = await this.dataSource
      .getRepository(WecomEventEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', nextAttemptAt: null, lastError: null })
      .whereInIds(ids)
      .andWhere("status IN ('parked', 'failed')")
      .execute()
    return result.affected ?? 0
  }

  private async update(
    id: string,
    values: Partial<WecomEventRecord>,
  ): Promise<void> {
    await this.dataSource.getRepository(WecomEventEntity).update({ id }, values)
  }
}
