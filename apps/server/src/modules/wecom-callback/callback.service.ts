import { createHash } from 'node:crypto'
import {
  WecomCryptoError,
  parseEnvelope,
  parseEvent,
  peekEncrypt,
  type CallbackCipher,
  type CallbackQuery,
  type WecomEvent,
} from '@petcare/wecom'
import {
  AppError,
  ForbiddenError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '../../errors'
import type { EventStore, NewEvent } from './event-store'

export interface CallbackServiceOptions {
  cipher: CallbackCipher
  /** The configured corp id: the receive id every callback must carry. */
  corpId: string
  /** The configured app's agent id, stored with events that name none. */
  agentId: string
  /** Oldest signed timestamp accepted, in seconds; 0 turns the check off. */
  maxAgeSeconds: number
  store: EventStore
  /** The clock, in milliseconds; tests set it. */
  now?: () => number
}

/** What a stored callback was, for the access log. */
export interface ReceivedEvent {
  event: WecomEvent
  dedupeKey: string
}

type RawQuery = Record<string, string | string[] | undefined>

/**
 * WeCom's callback, step by step: check the signed query, verify and decrypt,
 * parse the typed event, and store it before anyone says `success`.
 */
export class CallbackService {
  private readonly now: () => number

  constructor(private readonly options: CallbackServiceOptions) {
    this.now = options.now ?? Date.now
  }

  /**
   * The GET URL check: returns the decrypted `echostr` to answer with.
   * @throws {AppError} 4xx when the request is not WeCom's
   */
  verifyUrl(rawQuery: RawQuery): string {
    const query = this.readSignedQuery(rawQuery)
    const echostr = readParam(rawQuery, 'echostr')
    return this.open(query, echostr)
  }

  /**
   * An event POST: resolves once the event is committed (or was already).
   * @throws {AppError} 4xx for input that is not a valid callback, 503 when
   *   the event could not be stored
   */
  async receive(rawQuery: RawQuery, body: string): Promise<ReceivedEvent> {
    const query = this.readSignedQuery(rawQuery)
    // The signature first, on the Encrypt text found cheaply: a body that is
    // not WeCom's is refused before it can cost a parse.
    const encrypt = peekEncrypt(body)
    if (encrypt === undefined) {
      throw new AppError(400, 'WECOM_XML_INVALID', 'envelope has no Encrypt')
    }
    translateCryptoErrors(() => this.options.cipher.verify(query, encrypt))
    const envelope = translateCryptoErrors(() => parseEnvelope(body))
    if (envelope.encrypt !== encrypt) {
      throw new AppError(400, 'WECOM_XML_INVALID', 'envelope is ambiguous')
    }

    const message = this.open(query, envelope.encrypt)
    const event = translateCryptoErrors(() => parseEvent(message))

    const row = this.toRow(event, message)
    try {
      await this.options.store.append(row)
    } catch (error) {
      throw new UnavailableError('event could not be stored; retry', error)
    }
    return { event, dedupeKey: row.dedupeKey }
  }

  private readSignedQuery(rawQuery: RawQuery): CallbackQuery {
    const query = {
      msgSignature: readParam(rawQuery, 'msg_signature'),
      timestamp: readParam(rawQuery, 'timestamp'),
      nonce: readParam(rawQuery, 'nonce'),
    }
    if (!/^\d{1,12}$/.test(query.timestamp)) {
      throw new ValidationError('timestamp must be Unix seconds')
    }
    return query
  }

  private open(query: CallbackQuery, encrypted: string): string {
    const message = translateCryptoErrors(() =>
      this.options.cipher.open(query, encrypted),
    )
    // Checked after the signature, which covers the timestamp: an old but
    // authentic request is a replay, a forged one is just a bad signature.
    this.checkAge(query.timestamp)
    return message
  }

  private checkAge(timestamp: string): void {
    const maxAge = this.options.maxAgeSeconds
    if (maxAge === 0) {
      return
    }
    const ageSeconds = this.now() / 1000 - Number(timestamp)
    if (Math.abs(ageSeconds) > maxAge) {
      throw new UnauthorizedError(
        'WECOM_TIMESTAMP_EXPIRED',
        `timestamp is more than ${maxAge} s away from now`,
      )
    }
  }

  private toRow(event: WecomEvent, message: string): NewEvent {
    const corpId = this.options.corpId
    const dedupeKey = createHash('sha256')
      .update(corpId)
      .update('\0')
      .update(message)
      .digest('hex')
    return {
      dedupeKey,
      corpId,
      // The envelope's AgentID is not signed: only the message's, or ours.
      agentId: clamp(event.agentId ?? this.options.agentId, 32),
      event: clamp(eventName(event), 64) ?? '',
      changeType: clamp(event.changeType, 64),
      updateDetail: clamp(
        'updateDetail' in event ? event.updateDetail : undefined,
        64,
      ),
      kind: event.kind,
      userId: clamp('userId' in event ? event.userId : undefined, 128),
      externalUserId: clamp(
        'externalUserId' in event ? event.externalUserId : undefined,
        128,
      ),
      chatId: clamp('chatId' in event ? event.chatId : undefined, 128),
      createTime: event.createTime,
      receivedAt: new Date(this.now()),
      payloadXml: message,
    }
  }
}

function eventName(event: WecomEvent): string {
  if (event.kind === 'unknown') {
    return event.event ?? (event.msgType || 'unknown')
  }
  return event.event
}

/** Index columns are bounded; the full text stays in the payload. */
function clamp(value: string | undefined, length: number): string | null {
  if (value === undefined || value === '') {
    return null
  }
  if (value.length <= length) {
    return value
  }
  // By code point, as VARCHAR(n) counts, so an emoji is never cut in half.
  return Array.from(value).slice(0, length).join('')
}

function readParam(query: RawQuery, name: string): string {
  const value = query[name]
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`query parameter ${name} is required, once`)
  }
  return value
}

function translateCryptoErrors<T>(step: () => T): T {
  try {
    return step()
  } catch (error) {
    if (!(error instanceof WecomCryptoError)) {
      throw error
    }
    throw toAppError(error)
  }
}

function toAppError(error: WecomCryptoError): AppError {
  switch (error.code) {
    case 'SIGNATURE_MISMATCH':
      return new UnauthorizedError('WECOM_SIGNATURE_INVALID', error.message)
    case 'RECEIVE_ID_MISMATCH':
      return new ForbiddenError('WECOM_RECEIVE_ID_MISMATCH', error.message)
    case 'XML_INVALID':
      return new AppError(400, 'WECOM_XML_INVALID', error.message)
    default:
      return new AppError(400, 'WECOM_DECRYPT_FAILED', error.message)
  }
}
