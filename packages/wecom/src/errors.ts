/**
 * The error codes of WeCom's official callback samples (WXBizMsgCrypt), with
 * the readable name we use in code.
 * @see https://developer.work.weixin.qq.com/document/path/90968
 */
export const CRYPTO_ERRORS = {
  SIGNATURE_MISMATCH: {
    wecomCode: -40001,
    wecomName: 'ValidateSignatureError',
  },
  XML_INVALID: { wecomCode: -40002, wecomName: 'ParseXmlError' },
  AES_KEY_INVALID: { wecomCode: -40004, wecomName: 'IllegalAesKey' },
  RECEIVE_ID_MISMATCH: { wecomCode: -40005, wecomName: 'ValidateCorpidError' },
  DECRYPT_FAILED: { wecomCode: -40007, wecomName: 'DecryptAESError' },
  BAD_BUFFER: { wecomCode: -40008, wecomName: 'IllegalBuffer' },
  BASE64_INVALID: { wecomCode: -40010, wecomName: 'DecodeBase64Error' },
} as const

export type WecomCryptoErrorCode = keyof typeof CRYPTO_ERRORS

/**
 * Thrown when a callback cannot be verified, decrypted or parsed. The message
 * is safe to show: it never holds key material or decrypted content.
 */
export class WecomCryptoError extends Error {
  readonly code: WecomCryptoErrorCode
  /** The official sample's numeric code, e.g. -40001. */
  readonly wecomCode: number
  /** The official sample's name, e.g. `ValidateSignatureError`. */
  readonly wecomName: string

  constructor(code: WecomCryptoErrorCode, message: string) {
    super(message)
    this.name = 'WecomCryptoError'
    this.code = code
    this.wecomCode = CRYPTO_ERRORS[code].wecomCode
    this.wecomName = CRYPTO_ERRORS[code].wecomName
  }
}

/**
 * WeCom's server API answered with a non-zero `errcode`. Branch on
 * `errcode`, never on `errmsg`.
 * @see https://developer.work.weixin.qq.com/document/path/90313
 */
export class WecomApiError extends Error {
  constructor(
    /** The call, e.g. `externalcontact/get`. */
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${api} failed: ${errcode} ${errmsg}`)
    this.name = 'WecomApiError'
  }
}

/** The WeCom API could not be reached or did not answer in time. */
export class WecomNetworkError extends Error {
  constructor(
    readonly api: string,
    options: { cause: unknown },
  ) {
    super(`${api} could not be reached`, options)
    this.name = 'WecomNetworkError'
  }
}
