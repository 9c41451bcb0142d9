import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One case of the shared WeCom callback vectors (see PROTOCOL.md §5). */
export interface CallbackVector {
  name: string
  kind: 'url-verify' | 'event' | 'passive-reply' | 'encrypt-deterministic'
  token: string
  encodingAesKey: string
  receiveId: string
  timestamp: string
  nonce: string
  msgSignature: string
  encrypt: string
  plaintextXml?: string
  plaintextJson?: string
  echostrPlain?: string
  plaintext?: string
  postBody?: string
  echostrQueryEncoded?: string
  replyXml?: string
  randomHex?: string
  expect: string
  expectCode: number
}

/** Where the team's shared protocol material lives, beside the checkout. */
export const SHARED_WECOM_DIR = join(__dirname, '../../../../shared/wecom')

/** Loads the shared callback vectors. */
export function loadCallbackVectors(): CallbackVector[] {
  const file = join(SHARED_WECOM_DIR, 'vectors.json')
  return JSON.parse(readFileSync(file, 'utf8')) as CallbackVector[]
}

/** The plaintext an ok vector decrypts to, whichever field holds it. */
export function expectedPlaintext(vector: CallbackVector): string {
  const text =
    vector.plaintextXml ??
    vector.plaintextJson ??
    vector.echostrPlain ??
    vector.plaintext
  if (text === undefined) {
    throw new Error(`vector ${vector.name} has no plaintext`)
  }
  return text
}
