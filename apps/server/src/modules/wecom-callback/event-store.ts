import type { DataSource } from 'typeorm'
import type { Logger } from '../../logger'
import { WecomEventEntity, type WecomEventRecord } from './wecom-event.entity'

/** The columns a new event is written with; the rest take their defaults. */
export type NewEvent = Omit<
  WecomEventRecord,
  | 'id'
  | 'status'
  | 'attempts'
  | 'lastError'
  | 'nextAttemptAt'
  | 'processedAt'
  | 'lockedAt'
>

interface Pending {
  row: NewEvent
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Appends events durably, once each, with group commit: requests that arrive
 * while a write is in flight wait and go into the next single INSERT, so one
 * fsync covers many events. `append` resolves only after the row (or an
 * earlier copy of it) is committed; a duplicate dedupe key is no error.
 */
export class EventStore {
  private queue: Pending[] = []
  private draining: Promise<void> | null = null

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once the event is committed; rejects if the write failed. */
  append(row: NewEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject })
      this.draining ??= this.drain()
    })
  }

  /** Waits until every event handed to `append` so far is settled. */
  async flush(): Promise<void> {
    while (this.draining) {
      await this.draining
    }
  }

  private async drain(): Promise<void> {
    // Let the requests that arrived in this tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve))
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch)
        await this.writeBatch(batch)
      }
    } finally {
      this.draining = null
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      await this.insert(batch.map((pending) => pending.row))
      batch.forEach((pending) => pending.resolve())
      return
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error)
        return
      }
      this.log.warn(
        { err: error, size: batch.length },
        'batch write failed, writing its events one by one',
      )
    }
    // One bad row must not fail the events that share its batch.
    for (const pending of batch) {
      try {
        await this.insert([pending.row])
        pending.resolve()
      } catch (error) {
        pending.reject(error)
      }
    }
  }

  private async insert(rows: NewEvent[]): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(WecomEventEntity)
      .values(rows)
      // Not INSERT IGNORE / OR IGNORE: those also swallow NOT NULL and
      // truncation errors, which would acknowledge an event never stored.
      .orUpdate(['dedupe_key'], ['dedupe_key'])
      .updateEntity(false)
      .execute()
  }
}
