import { timingSafeEqual } from 'node:crypto'
import { getSignature } from '@wecom/crypto'

/**
 * The callback signature: SHA-1 over token, timestamp, nonce and the
 * encrypted text, sorted as strings and joined.
 * @see https://developer.work.weixin.qq.com/document/path/91144
 */
export function computeSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): string {
  return getSignature(token, timestamp, nonce, encrypted)
}

/**
 * Compares `signature` with the expected one in constant time. Hex case is
 * ignored, since the signature is a hex digest either way.
 */
export function isSignatureValid(
  signature: string,
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): boolean {
  const expected = Buffer.from(
    computeSignature(token, timestamp, nonce, encrypted),
  )
  const given = Buffer.from(signature.toLowerCase())
  if (given.length !== expected.length) {
    return false
  }
  return timingSafeEqual(given, expected)
}
