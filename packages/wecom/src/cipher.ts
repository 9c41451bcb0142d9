import { createDecipheriv } from 'node:crypto'
import { encrypt as officialEncrypt } from '@wecom/crypto'
import { WecomCryptoError } from './errors'

/** WeCom pads the plaintext to a multiple of 32 bytes, not AES's 16. */
const PAD_BLOCK = 32
const HEADER_BYTES = 20
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** The AES key and IV an EncodingAESKey stands for. */
export interface AesKey {
  key: Buffer
  iv: Buffer
}

/** A decrypted callback payload. */
export interface DecryptedMessage {
  message: string
  receiveId: string
}

/**
 * Decodes an EncodingAESKey: 43 characters of `[A-Za-z0-9]`, the base64 of
 * 32 bytes without its `=`. The decoding stays lenient about the surplus bits
 * of the last character, as WeCom's own sample keys need.
 * @throws {WecomCryptoError} AES_KEY_INVALID
 */
export function parseEncodingAesKey(encodingAesKey: string): AesKey {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new WecomCryptoError(
      'AES_KEY_INVALID',
      'EncodingAESKey must be 43 letters or digits',
    )
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (key.length !== 32) {
    throw new WecomCryptoError(
      'AES_KEY_INVALID',
      'EncodingAESKey does not decode to 32 bytes',
    )
  }
  return { key, iv: key.subarray(0, 16) }
}

/**
 * Decrypts a callback's `Encrypt` text (or a GET's `echostr`) and checks the
 * receive id in it.
 *
 * The official `@wecom/crypto` decrypt is not used here: it skips the padding
 * check when the pad byte is out of range, never checks the pad bytes or the
 * length field against the buffer, decodes invalid UTF-8 silently, and leaves
 * the receive id to the caller. Every one of those is checked below, in the
 * order of WeCom's samples.
 * @throws {WecomCryptoError} BASE64_INVALID, DECRYPT_FAILED, BAD_BUFFER or
 *   RECEIVE_ID_MISMATCH
 */
export function decryptMessage(
  aes: AesKey,
  encrypted: string,
  expectedReceiveId: string,
): DecryptedMessage {
  if (encrypted.length % 4 !== 0 || !STRICT_BASE64.test(encrypted)) {
    throw new WecomCryptoError('BASE64_INVALID', 'ciphertext is not base64')
  }
  const cipherText = Buffer.from(encrypted, 'base64')
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw new WecomCryptoError(
      'DECRYPT_FAILED',
      'ciphertext length is not a multiple of the AES block',
    )
  }

  const decipher = createDecipheriv('aes-256-cbc', aes.key, aes.iv)
  decipher.setAutoPadding(false)
  const padded = Buffer.concat([decipher.update(cipherText), decipher.final()])

  const body = removePadding(padded)
  if (body.length < HEADER_BYTES) {
    throw new WecomCryptoError('BAD_BUFFER', 'decrypted buffer is too short')
  }
  const messageLength = body.readUInt32BE(16)
  if (HEADER_BYTES + messageLength > body.length) {
    throw new WecomCryptoError(
      'BAD_BUFFER',
      'message length exceeds the decrypted buffer',
    )
  }

  const message = decodeUtf8(body.subarray(20, 20 + messageLength))
  const receiveId = decodeUtf8(body.subarray(20 + messageLength))
  if (receiveId !== expectedReceiveId) {
    throw new WecomCryptoError(
      'RECEIVE_ID_MISMATCH',
      'receive id does not match the configured one',
    )
  }
  return { message, receiveId }
}

/**
 * Encrypts a message for WeCom's callback format with the official
 * `@wecom/crypto` (its encryption is exact; see the deterministic vectors).
 */
export function encryptMessage(
  encodingAesKey: string,
  message: string,
  receiveId: string,
  random?: Buffer,
): string {
  parseEncodingAesKey(encodingAesKey)
  return officialEncrypt(encodingAesKey, message, receiveId, random)
}

function removePadding(padded: Buffer): Buffer {
  const padLength = padded[padded.length - 1] ?? 0
  if (padLength < 1 || padLength > PAD_BLOCK || padLength > padded.length) {
    throw new WecomCryptoError('BAD_BUFFER', 'invalid PKCS#7 padding')
  }
  for (let i = padded.length - padLength; i < padded.length; i++) {
    if (padded[i] !== padLength) {
      throw new WecomCryptoError('BAD_BUFFER', 'invalid PKCS#7 padding')
    }
  }
  return padded.subarray(0, padded.length - padLength)
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes)
  } catch {
    throw new WecomCryptoError('BAD_BUFFER', 'decrypted text is not UTF-8')
  }
}
