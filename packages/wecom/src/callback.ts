import { randomBytes } from 'node:crypto'
import {
  decryptMessage,
  encryptMessage,
  parseEncodingAesKey,
  type AesKey,
} from './cipher'
import { WecomCryptoError } from './errors'
import { computeSignature, isSignatureValid } from './signature'
import { buildWecomXml, parseWecomXml, readText } from './xml'

/** What a callback endpoint is configured with (应用 → 接收消息). */
export interface CallbackCredentials {
  token: string
  encodingAesKey: string
  /** The corp id for a self-built app, the suite id for a third-party one. */
  receiveId: string
}

/** The query parameters WeCom signs a callback with. */
export interface CallbackQuery {
  msgSignature: string
  timestamp: string
  nonce: string
}

/** The outer envelope of a POSTed callback. Only `encrypt` is signed. */
export interface CallbackEnvelope {
  encrypt: string
  toUserName?: string
  agentId?: string
}

/**
 * Verifies and decrypts WeCom callbacks for one set of credentials: the
 * signature first, then the cipher, then the receive id.
 */
export class CallbackCipher {
  private readonly aes: AesKey

  /** @throws {WecomCryptoError} AES_KEY_INVALID */
  constructor(private readonly credentials: CallbackCredentials) {
    this.aes = parseEncodingAesKey(credentials.encodingAesKey)
  }

  /**
   * Opens a signed ciphertext: an event's `Encrypt` or a GET's `echostr`
   * (already URL-decoded once).
   * @throws {WecomCryptoError} SIGNATURE_MISMATCH before any decryption, or
   *   the errors of {@link decryptMessage}
   */
  open(query: CallbackQuery, encrypted: string): string {
    this.verify(query, encrypted)
    return decryptMessage(this.aes, encrypted, this.credentials.receiveId)
      .message
  }

  /**
   * Checks the signature alone: cheap, so it can come before anything costly.
   * @throws {WecomCryptoError} SIGNATURE_MISMATCH
   */
  verify(query: CallbackQuery, encrypted: string): void {
    const { msgSignature, timestamp, nonce } = query
    const { token } = this.credentials
    if (!isSignatureValid(msgSignature, token, timestamp, nonce, encrypted)) {
      throw new WecomCryptoError(
        'SIGNATURE_MISMATCH',
        'msg_signature does not match',
      )
    }
  }

  /**
   * Encrypts and signs a message as WeCom would send it. Used by the
   * simulator and for passive replies.
   */
  seal(
    message: string,
    options: { timestamp?: string; nonce?: string; random?: Buffer } = {},
  ): { query: CallbackQuery; encrypt: string } {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000))
    const nonce = options.nonce ?? randomBytes(8).readUInt32BE(0).toString()
    const encrypt = encryptMessage(
      this.credentials.encodingAesKey,
      message,
      this.credentials.receiveId,
      options.random,
    )
    const msgSignature = computeSignature(
      this.credentials.token,
      timestamp,
      nonce,
      encrypt,
    )
    return { query: { msgSignature, timestamp, nonce }, encrypt }
  }
}

/**
 * Reads the envelope of a POSTed callback: WeCom's XML form, or the JSON form
 * (`{"tousername","encrypt","agentid"}`) some newer products use.
 * @throws {WecomCryptoError} XML_INVALID when neither form holds `Encrypt`
 */
export function parseEnvelope(body: string): CallbackEnvelope {
  const trimmed = body.trimStart()
  if (trimmed.startsWith('{')) {
    return parseJsonEnvelope(trimmed)
  }
  const xml = parseWecomXml(body)
  const encrypt = readText(xml, 'Encrypt')
  if (!encrypt) {
    throw new WecomCryptoError('XML_INVALID', 'envelope has no Encrypt')
  }
  return {
    encrypt,
    toUserName: readText(xml, 'ToUserName'),
    agentId: readText(xml, 'AgentID') || undefined,
  }
}

const ENCRYPT_ELEMENT =
  /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]*)\]\]>|([A-Za-z0-9+/=]*))\s*<\/Encrypt>/

/**
 * Finds a callback body's `Encrypt` text without parsing the document, so the
 * signature can be checked before any costly parse: a body that is not
 * signed then costs next to nothing. `parseEnvelope` must still agree.
 * @returns the text, or undefined when none is found
 */
export function peekEncrypt(body: string): string | undefined {
  const trimmed = body.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      const value = (JSON.parse(trimmed) as { encrypt?: unknown }).encrypt
      return typeof value === 'string' && value !== '' ? value : undefined
    } catch {
      return undefined
    }
  }
  const match = ENCRYPT_ELEMENT.exec(body)
  const text = match?.[1] ?? match?.[2]
  return text ? text : undefined
}

/** Builds the XML envelope WeCom POSTs to a callback URL. */
export function buildEnvelope(envelope: CallbackEnvelope): string {
  return buildWecomXml({
    ToUserName: envelope.toUserName ?? '',
    Encrypt: envelope.encrypt,
    AgentID: envelope.agentId ?? '',
  })
}

function parseJsonEnvelope(body: string): CallbackEnvelope {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw new WecomCryptoError('XML_INVALID', 'JSON envelope is not valid')
  }
  const record = (value ?? {}) as Record<string, unknown>
  const encrypt = record.encrypt
  if (typeof encrypt !== 'string' || encrypt === '') {
    throw new WecomCryptoError('XML_INVALID', 'envelope has no encrypt')
  }
  return {
    encrypt,
    toUserName: asString(record.tousername),
    agentId: asString(record.agentid),
  }
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value
  }
  return typeof value === 'number' ? String(value) : undefined
}

/**
 * Builds a passive reply: the encrypted message signed with our own
 * timestamp and nonce. Change events never need one; a user message may.
 */
export function buildPassiveReply(sealed: {
  query: CallbackQuery
  encrypt: string
}): string {
  return buildWecomXml({
    Encrypt: sealed.encrypt,
    MsgSignature: sealed.query.msgSignature,
    TimeStamp: Number(sealed.query.timestamp),
    Nonce: sealed.query.nonce,
  })
}
