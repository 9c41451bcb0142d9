/**
 * The errcodes the client acts on.
 * @see https://developer.work.weixin.qq.com/document/path/90313
 */
export const ERRCODE = {
  OK: 0,
  /** 系统繁忙: retry after a pause. */
  BUSY: -1,
  INVALID_SECRET: 40001,
  INVALID_CORP_ID: 40013,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_OAUTH_CODE: 40029,
  /** access_token is not of this corp or app. */
  ACCESS_TOKEN_MISMATCH: 40082,
  ACCESS_TOKEN_EXPIRED: 42001,
  /** API frequency limit. */
  RATE_LIMITED: 45009,
  /** Too many concurrent calls. */
  TOO_CONCURRENT: 45033,
  /** The member has no such customer (不是外部联系人). */
  NOT_EXTERNAL_CONTACT: 84061,
} as const

/** The token is gone or wrong: fetch a new one and try once more. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([
  ERRCODE.INVALID_ACCESS_TOKEN,
  ERRCODE.ACCESS_TOKEN_MISMATCH,
  ERRCODE.ACCESS_TOKEN_EXPIRED,
])

/** WeCom is busy or limiting us: back off and try again. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([
  ERRCODE.BUSY,
  ERRCODE.RATE_LIMITED,
  ERRCODE.TOO_CONCURRENT,
])
