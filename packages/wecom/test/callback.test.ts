import { createCipheriv } from 'node:crypto'
import { decrypt as officialDecrypt } from '@wecom/crypto'
import {
  CallbackCipher,
  WecomCryptoError,
  buildPassiveReply,
  decryptMessage,
  encryptMessage,
  parseEncodingAesKey,
  parseEnvelope,
} from '../src'
import {
  expectedPlaintext,
  loadCallbackVectors,
  type CallbackVector,
} from './vectors'

const vectors = loadCallbackVectors()
const okVectors = vectors.filter((v) => v.expect === 'ok')
const failing = vectors.filter((v) => v.expect !== 'ok')

function queryOf(vector: CallbackVector) {
  return {
    msgSignature: vector.msgSignature,
    timestamp: vector.timestamp,
    nonce: vector.nonce,
  }
}

function openVector(vector: CallbackVector): string {
  const cipher = new CallbackCipher({
    token: vector.token,
    encodingAesKey: vector.encodingAesKey,
    receiveId: vector.receiveId,
  })
  return cipher.open(queryOf(vector), vector.encrypt)
}

describe('CallbackCipher.open', () => {
  it('covers the shared vectors', () => {
    expect(okVectors.length).toBeGreaterThan(20)
    expect(failing.length).toBeGreaterThanOrEqual(6)
  })

  it.each(okVectors.map((v) => [v.name, v] as const))(
    'decrypts %s to its recorded plaintext',
    (_name, vector) => {
      expect(openVector(vector)).toBe(expectedPlaintext(vector))
    },
  )

  it.each(failing.map((v) => [v.name, v] as const))(
    'refuses %s with the recorded error',
    (_name, vector) => {
      let thrown: unknown
      try {
        openVector(vector)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(WecomCryptoError)
      const error = thrown as WecomCryptoError
      expect([error.wecomName, error.wecomCode]).toEqual([
        vector.expect,
        vector.expectCode,
      ])
    },
  )

  it('checks the signature with the configured token, not the sender’s', () => {
    const control = vectors.find((v) => v.name === 'gen-token-control-ok')
    const wrong = vectors.find((v) => v.name === 'gen-wrong-token-rejected')
    expect(control && wrong).toBeTruthy()
    expect(wrong!.encrypt).toBe(control!.encrypt)
    expect(() => openVector(wrong!)).toThrow(/msg_signature/)
  })

  it('accepts an upper-case hex signature', () => {
    const vector = okVectors[0]!
    const upper = { ...vector, msgSignature: vector.msgSignature.toUpperCase() }
    expect(openVector(upper)).toBe(expectedPlaintext(vector))
  })
})

describe('decryptMessage', () => {
  const vector = okVectors.find(
    (v) => v.name === 'gen-event-add-external-contact',
  )!
  const aes = parseEncodingAesKey(vector.encodingAesKey)

  const cipherText = Buffer.from(vector.encrypt, 'base64')

  it.each([
    ['truncated base64', vector.encrypt.slice(0, -3), 'BASE64_INVALID'],
    ['a stray character', `*${vector.encrypt.slice(1)}`, 'BASE64_INVALID'],
    [
      'a ciphertext that is not whole AES blocks',
      cipherText.subarray(0, 40).toString('base64'),
      'DECRYPT_FAILED',
    ],
    ['an empty ciphertext', '', 'DECRYPT_FAILED'],
  ])('refuses %s', (_case, encrypted, code) => {
    expect(() => decryptMessage(aes, encrypted, vector.receiveId)).toThrow(
      expect.objectContaining({ code }),
    )
  })

  it('refuses a buffer whose length field runs past its end', () => {
    const forged = forgePlaintext(aes, (body) => body.writeUInt32BE(9999, 16))
    expect(() => decryptMessage(aes, forged, vector.receiveId)).toThrow(
      expect.objectContaining({ code: 'BAD_BUFFER' }),
    )
  })

  it('refuses a pad whose bytes are not all equal', () => {
    const forged = forgePlaintext(aes, (body) => {
      body[body.length - 2] = 0x01
    })
    expect(() => decryptMessage(aes, forged, vector.receiveId)).toThrow(
      expect.objectContaining({ code: 'BAD_BUFFER' }),
    )
  })

  it('refuses a message that is not UTF-8', () => {
    const forged = forgePlaintext(aes, (body) => {
      body[20] = 0xff
    })
    expect(() => decryptMessage(aes, forged, vector.receiveId)).toThrow(
      expect.objectContaining({ code: 'BAD_BUFFER' }),
    )
  })
})

describe('encryptMessage', () => {
  it.each(
    okVectors.filter((v) => v.randomHex).map((v) => [v.name, v] as const),
  )(
    'reproduces the ciphertext of %s from its recorded random prefix',
    (_name, vector) => {
      const random = Buffer.from(vector.randomHex!, 'hex')
      const encrypted = encryptMessage(
        vector.encodingAesKey,
        expectedPlaintext(vector),
        vector.receiveId,
        random,
      )
      expect(encrypted).toBe(vector.encrypt)
    },
  )

  it('round-trips Chinese and emoji, and agrees with @wecom/crypto', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
    const text = '<xml><Name><![CDATA[小白🐶 Moco]]></Name></xml>'
    const encrypted = encryptMessage(key, text, 'wwcorp')
    const ours = decryptMessage(parseEncodingAesKey(key), encrypted, 'wwcorp')
    expect(ours.message).toBe(text)
    expect(officialDecrypt(key, encrypted)).toMatchObject({
      message: text,
      id: 'wwcorp',
    })
  })
})

describe('parseEncodingAesKey', () => {
  it.each([
    ['42 characters', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'],
    ['44 characters', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'],
    [
      'a non-alphanumeric character',
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDE+G',
    ],
  ])('refuses a key of %s', (_case, key) => {
    expect(() => parseEncodingAesKey(key)).toThrow(
      expect.objectContaining({ code: 'AES_KEY_INVALID', wecomCode: -40004 }),
    )
  })
})

describe('parseEnvelope', () => {
  it.each(okVectors.filter((v) => v.postBody).map((v) => [v.name, v] as const))(
    'reads the Encrypt of %s',
    (_name, vector) => {
      expect(parseEnvelope(vector.postBody!).encrypt).toBe(vector.encrypt)
    },
  )

  it('reads the JSON envelope', () => {
    const body = JSON.stringify({
      tousername: 'ww1',
      encrypt: 'abc',
      agentid: 7,
    })
    expect(parseEnvelope(body)).toEqual({
      encrypt: 'abc',
      toUserName: 'ww1',
      agentId: '7',
    })
  })

  it.each([
    ['no Encrypt element', '<xml><ToUserName>ww</ToUserName></xml>'],
    ['an empty Encrypt', '<xml><Encrypt><![CDATA[]]></Encrypt></xml>'],
    ['a root other than <xml>', '<root><Encrypt>abc</Encrypt></root>'],
    ['unclosed tags', '<xml><Encrypt>abc</xml>'],
    ['a DOCTYPE', '<!DOCTYPE xml><xml><Encrypt>abc</Encrypt></xml>'],
    [
      'an entity declaration',
      '<!DOCTYPE x [<!ENTITY e "abc">]><xml><Encrypt>&e;</Encrypt></xml>',
    ],
    ['broken JSON', '{"encrypt": '],
    ['plain text', 'hello'],
  ])('refuses a body with %s', (_case, body) => {
    expect(() => parseEnvelope(body)).toThrow(
      expect.objectContaining({ code: 'XML_INVALID', wecomCode: -40002 }),
    )
  })
})

describe('buildPassiveReply', () => {
  it('builds the recorded reply envelope', () => {
    const vector = vectors.find((v) => v.kind === 'passive-reply')!
    const cipher = new CallbackCipher({
      token: vector.token,
      encodingAesKey: vector.encodingAesKey,
      receiveId: vector.receiveId,
    })
    const sealed = cipher.seal(expectedPlaintext(vector), {
      timestamp: vector.timestamp,
      nonce: vector.nonce,
      random: Buffer.from(vector.randomHex!, 'hex'),
    })
    expect(buildPassiveReply(sealed)).toBe(vector.replyXml)
  })
})

/**
 * Encrypts a well-formed plaintext after `mutate` has changed its bytes, so
 * the cipher is valid and only the inner layout is wrong.
 */
function forgePlaintext(
  aes: ReturnType<typeof parseEncodingAesKey>,
  mutate: (padded: Buffer) => void,
): string {
  const message = Buffer.from('<xml></xml>')
  const receiveId = Buffer.from('wwa579132063cddf15')
  const header = Buffer.alloc(20)
  header.writeUInt32BE(message.length, 16)
  const body = Buffer.concat([header, message, receiveId])
  const padLength = 32 - (body.length % 32)
  const padded = Buffer.concat([body, Buffer.alloc(padLength, padLength)])
  mutate(padded)
  const cipher = createCipheriv('aes-256-cbc', aes.key, aes.iv)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString(
    'base64',
  )
}
