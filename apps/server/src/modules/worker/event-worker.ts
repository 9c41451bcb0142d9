import { parseEvent, WecomApiError, type WecomEvent } from '@petcare/wecom'
import type { Logger } from '../../logger'
import type { WecomEventRecord } from '../wecom-callback/wecom-event.entity'
import { entityKey, type EventHandlers } from './event-handlers'
import type { EventQueue } from './event-queue'

export interface WorkerOptions {
  /** Events claimed at a time (200). */
  batchSize?: number
  /** Entities worked on at once (16). */
  concurrency?: number
  /** Pause when the queue is empty, in ms (250). */
  idleMs?: number
  /** Attempts before an event is parked (8). */
  maxAttempts?: number
  /** First retry pause in ms, doubled each attempt up to 10 minutes (2000). */
  backoffMs?: number
  now?: () => number
}

/**
 * Applies stored events in the background: claims a batch, applies each
 * entity's events in order (entities in parallel), retries failures with
 * backoff and parks an event that keeps failing, with its reason.
 */
export class EventWorker {
  private running = false
  /** Set by stop() while a loop runs: claimed events are handed back. */
  private get stopping(): boolean {
    return !this.running && this.loop !== null
  }
  private loop: Promise<void> | null = null
  private readonly now: () => number

  constructor(
    private readonly queue: EventQueue,
    private readonly handlers: EventHandlers,
    private readonly log: Logger,
    private readonly options: WorkerOptions = {},
  ) {
    this.now = options.now ?? Date.now
  }

  start(): void {
    if (this.running) {
      return
    }
    this.running = true
    this.loop = this.run()
  }

  /**
   * Stops after the events in hand: the rest of a claimed batch goes back to
   * the queue for the next worker instead of holding up the stop.
   */
  async stop(): Promise<void> {
    this.running = false
    await this.loop
    this.loop = null
  }

  /** Works until nothing is due; returns how many events it took. */
  async drain(): Promise<number> {
    let total = 0
    for (;;) {
      const taken = await this.runOnce()
      if (taken === 0) {
        return total
      }
      total += taken
    }
  }

  /** Claims and works one batch; returns its size. */
  async runOnce(): Promise<number> {
    const events = await this.queue.claim(
      this.options.batchSize ?? 200,
      new Date(this.now()),
    )
    const byKey = new Map<
      string,
      { record: WecomEventRecord; event: WecomEvent | null }[]
    >()
    for (const record of events) {
      let event: WecomEvent | null = null
      try {
        event = parseEvent(record.payloadXml)
      } catch {
        // Stored events were parsed once already; this cannot happen unless
        // the row was edited. It is parked below with its reason.
      }
      const key = event ? entityKey(event) : `broken:${record.id}`
      const list = byKey.get(key) ?? []
      list.push({ record, event })
      byKey.set(key, list)
    }

    const lanes = [...byKey.values()]
    const concurrency = this.options.concurrency ?? 16
    const done: string[] = []
    const released: string[] = []
    await Promise.all(
      Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
        for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
          for (const item of lane) {
            if (this.stopping) {
              released.push(item.record.id)
            } else if (await this.process(item.record, item.event)) {
              done.push(item.record.id)
            }
          }
        }
      }),
    )
    // One statement for the batch; if the process dies first, the claims go
    // stale and the events are applied again, which changes nothing.
    await this.queue.complete(done, new Date(this.now()))
    await this.queue.release(released)
    return events.length
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const taken = await this.runOnce()
        if (taken === 0) {
          await sleep(this.options.idleMs ?? 250)
        }
      } catch (error) {
        this.log.error({ err: error }, 'worker loop failed; pausing')
        await sleep(5_000)
      }
    }
  }

  /** Applies one event; true when it is done, false when it failed. */
  private async process(
    record: WecomEventRecord,
    event: WecomEvent | null,
  ): Promise<boolean> {
    try {
      if (!event) {
        throw new Error('stored payload no longer parses')
      }
      await this.handlers.handle(event)
      return true
    } catch (error) {
      const attempts = record.attempts + 1
      const maxAttempts = this.options.maxAttempts ?? 8
      const reason = describe(error)
      const retryAt =
        attempts >= maxAttempts || !event
          ? null
          : new Date(this.now() + this.backoff(attempts))
      await this.queue.fail(record, reason, retryAt)
      this.log.warn(
        { eventId: record.id, attempts, parked: retryAt === null, reason },
        'event failed',
      )
      return false
    }
  }

  private backoff(attempts: number): number {
    const base = this.options.backoffMs ?? 2000
    return Math.min(base * 2 ** (attempts - 1), 10 * 60_000)
  }
}

function describe(error: unknown): string {
  if (error instanceof WecomApiError) {
    return `${error.api}: errcode ${error.errcode} ${error.errmsg}`
  }
  return error instanceof Error ? error.message : String(error)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
