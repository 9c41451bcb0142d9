import {
  CallbackCipher,
  buildEnvelope,
  type CallbackCredentials,
} from '@petcare/wecom'

export interface SendOptions {
  /** The callback URL, e.g. http://127.0.0.1:3000/wecom/callback. */
  url: string
  credentials: CallbackCredentials
  agentId?: string
  /** The signed timestamp, Unix seconds as text; now by default. */
  timestamp?: string
}

export interface SendResult {
  status: number
  body: string
}

/** A sealed callback, ready to POST (and to POST again, as a retry). */
export interface SealedCallback {
  url: string
  body: string
}

/** Encrypts and signs a message and builds the request WeCom would send. */
export function sealCallback(
  message: string,
  options: SendOptions,
): SealedCallback {
  const cipher = new CallbackCipher(options.credentials)
  const sealed = cipher.seal(message, { timestamp: options.timestamp })
  const url = new URL(options.url)
  url.searchParams.set('msg_signature', sealed.query.msgSignature)
  url.searchParams.set('timestamp', sealed.query.timestamp)
  url.searchParams.set('nonce', sealed.query.nonce)
  const body = buildEnvelope({
    toUserName: options.credentials.receiveId,
    encrypt: sealed.encrypt,
    agentId: options.agentId,
  })
  return { url: url.toString(), body }
}

/**
 * POSTs a sealed callback and returns WeCom's view of the answer. Pass a
 * `signal` to give up after WeCom's 5 seconds.
 */
export async function postCallback(
  sealed: SealedCallback,
  options: { signal?: AbortSignal } = {},
): Promise<SendResult> {
  const response = await fetch(sealed.url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: sealed.body,
    signal: options.signal,
  })
  return { status: response.status, body: await response.text() }
}

/** True when the server acknowledged the event the way WeCom expects. */
export function isAcknowledged(result: SendResult): boolean {
  return result.status === 200 && result.body === 'success'
}
