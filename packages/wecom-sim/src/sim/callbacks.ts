import { parseWecomXml, readText } from '@petcare/wecom'
import { postCallback, sealCallback } from '../send'

/** Where callbacks go, how they are sealed, and how hard to try. */
export interface CallbackSenderOptions {
  /** Where callbacks go; null records them without sending. */
  url: string | null
  corpId: string
  token: string
  encodingAesKey: string
  agentId?: string
  /** Attempts per callback in all (3, as WeCom). */
  maxAttempts?: number
  /** Pause between attempts, in ms (1000; WeCom's interval is unknown). */
  retryDelayMs?: number
  /** How long to wait for an answer, in ms (5000, as WeCom). */
  timeoutMs?: number
  /** Called once per callback, when it is delivered or given up. */
  onSettled?: (delivery: CallbackDelivery) => void
}

/** One try at delivering a callback. */
export interface CallbackAttempt {
  /** The HTTP status, or null when there was no answer. */
  status: number | null
  body: string
  /** Why there was no answer (connection refused, timeout). */
  error?: string
}

/** A callback the simulator sent, or tried to. */
export interface CallbackDelivery {
  id: number
  /** `Event`, e.g. `change_external_contact`. */
  event: string
  /** `ChangeType`, e.g. `add_external_contact`. */
  changeType: string
  /** The decrypted message. */
  message: string
  url: string | null
  attempts: CallbackAttempt[]
  /** `skipped` when no callback URL is set. */
  outcome: 'delivered' | 'failed' | 'skipped'
}

/**
 * Sends callbacks one at a time, in the order the changes happened, each
 * signed and encrypted with the corp's callback credentials. A callback that
 * is not answered with HTTP 200 is tried again, up to 3 times in all.
 * @see https://developer.work.weixin.qq.com/document/path/90930
 */
export class CallbackSender {
  /** Every callback so far, oldest first. */
  readonly deliveries: CallbackDelivery[] = []
  url: string | null
  private queue: Promise<unknown> = Promise.resolve()
  private stopped = false

  constructor(private readonly options: CallbackSenderOptions) {
    this.url = options.url
  }

  /** Queues a decrypted message; resolves when it is delivered or given up. */
  send(message: string): Promise<CallbackDelivery> {
    const xml = parseWecomXml(message)
    const delivery: CallbackDelivery = {
      id: this.deliveries.length + 1,
      event: readText(xml, 'Event') ?? '',
      changeType: readText(xml, 'ChangeType') ?? '',
      message,
      url: this.url,
      attempts: [],
      outcome: 'skipped',
    }
    this.deliveries.push(delivery)
    const done = this.queue
      .then(() => this.deliver(delivery))
      .finally(() => this.options.onSettled?.(delivery))
    this.queue = done.catch(() => undefined)
    return done
  }

  /** Stops retrying and sending; queued callbacks are given up. */
  stop(): void {
    this.stopped = true
  }

  /** Resolves once every queued callback is delivered or given up. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>
    do {
      seen = this.queue
      await seen
    } while (seen !== this.queue)
  }

  private async deliver(delivery: CallbackDelivery): Promise<CallbackDelivery> {
    if (!delivery.url) {
      return delivery
    }
    const sealed = sealCallback(delivery.message, {
      url: delivery.url,
      credentials: {
        token: this.options.token,
        encodingAesKey: this.options.encodingAesKey,
        receiveId: this.options.corpId,
      },
      agentId: this.options.agentId,
    })

    const maxAttempts = this.options.maxAttempts ?? 3
    delivery.outcome = 'failed'
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        await sleep(this.options.retryDelayMs ?? 1000)
      }
      if (this.stopped) {
        break
      }
      // WeCom resends the very same request: same signature, same nonce.
      const signal = AbortSignal.timeout(this.options.timeoutMs ?? 5000)
      try {
        const result = await postCallback(sealed, { signal })
        delivery.attempts.push({ status: result.status, body: result.body })
        if (result.status === 200) {
          delivery.outcome = 'delivered'
          break
        }
      } catch (error) {
        delivery.attempts.push({
          status: null,
          body: '',
          error: describe(error),
        })
      }
    }
    return delivery
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** fetch() wraps connection failures in a TypeError with a cause. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code || cause?.message) {
    return String(cause.code ?? cause.message)
  }
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error)
}
