/**
 * The errcodes the simulator answers with, and the `errmsg` it sends for
 * each. Codes and meanings are WeCom's global error-code list, as mirrored
 * by go-workwx `errcodes/mod.go`; the English text is ours.
 * @see https://developer.work.weixin.qq.com/document/path/90313
 */
export const SIM_ERRORS = {
  /** 系统繁忙. */
  BUSY: [-1, 'system busy'],
  /** 不合法的secret参数. */
  INVALID_SECRET: [40001, 'invalid credential'],
  /** 不合法的媒体文件类型: `type` is not one WeCom knows (or simulated). */
  INVALID_MEDIA_TYPE: [40004, 'invalid media type'],
  /** 不合法的文件类型: e.g. a GIF uploaded as an image. */
  INVALID_FILE_TYPE: [40005, 'invalid file type'],
  /** 不合法的文件大小: 5 bytes or less, or over the type's limit. */
  INVALID_FILE_SIZE: [40006, 'invalid file size'],
  /** 不合法的CorpID. */
  INVALID_CORP_ID: [40013, 'invalid corpid'],
  /** 不合法的access_token. */
  INVALID_ACCESS_TOKEN: [40014, 'invalid access_token'],
  /** 不合法的oauth_code: unknown, used, or older than 5 minutes. */
  INVALID_OAUTH_CODE: [40029, 'invalid code'],
  /** 不合法的UserID列表: some userids are not in the directory. */
  INVALID_USERID_LIST: [40031, 'invalid userid list'],
  /** chatid不存在. */
  CHAT_NOT_FOUND: [40050, 'chatid not found'],
  /** 不合法的参数. */
  INVALID_PARAMETER: [40058, 'invalid parameter'],
  /** 参数为空; the doc names a GET to a POST endpoint as one cause. */
  POST_REQUIRED: [40063, 'some parameters are empty'],
  /** 不合法的外部联系人userid. */
  INVALID_EXTERNAL_USERID: [40096, 'invalid external userid'],
  MISSING_ACCESS_TOKEN: [41001, 'access_token missing'],
  MISSING_CORP_ID: [41002, 'corpid missing'],
  MISSING_SECRET: [41004, 'corpsecret missing'],
  /** 缺少多媒体文件数据: no multipart body, or no `media` part in it. */
  MISSING_MEDIA: [41005, 'media data missing'],
  MISSING_OAUTH_CODE: [41008, 'missing code'],
  MISSING_USERID: [41009, 'missing userid'],
  MISSING_EXTERNAL_USERID: [41035, 'missing external userid'],
  /** 缺少欢迎语code参数. */
  MISSING_WELCOME_CODE: [41049, 'missing welcome code'],
  /** 无效的欢迎语code: used already, or older than its 20 seconds. */
  INVALID_WELCOME_CODE: [41050, 'welcome code expired or used'],
  ACCESS_TOKEN_EXPIRED: [42001, 'access_token expired'],
  /** 文本消息content参数为空. */
  EMPTY_CONTENT: [44004, 'empty content'],
  /** 接口调用超过限制. */
  RATE_LIMITED: [45009, 'api freq out of limit'],
  /** 接口并发调用超过限制. */
  TOO_CONCURRENT: [45033, 'api concurrent out of limit'],
  /** API接口无权限调用: here, an endpoint the simulator does not have. */
  NOT_SIMULATED: [48002, 'api forbidden'],
  /** 群已经解散. */
  CHAT_DISMISSED: [49008, 'chat dismissed'],
  /** 分页查询的游标无效. */
  INVALID_CURSOR: [50100, 'invalid cursor'],
  /** UserID不存在. */
  USER_NOT_FOUND: [60111, 'userid not found'],
  /** 无效的部门id. */
  DEPARTMENT_NOT_FOUND: [60123, 'invalid department id'],
  /** 不存在外部联系人的关系. */
  NOT_EXTERNAL_CONTACT: [84061, 'not external contact'],
} as const satisfies Record<string, readonly [number, string]>

/** The name of an errcode in `SIM_ERRORS`, e.g. `NOT_EXTERNAL_CONTACT`. */
export type SimErrorName = keyof typeof SIM_ERRORS

/**
 * Thrown inside a route to answer with a WeCom error body. HTTP stays 200,
 * as WeCom's does.
 */
export class SimApiError extends Error {
  readonly errcode: number
  readonly errmsg: string

  constructor(name: SimErrorName, detail?: string) {
    const [errcode, errmsg] = SIM_ERRORS[name]
    super(detail ? `${errmsg}: ${detail}` : errmsg)
    this.name = 'SimApiError'
    this.errcode = errcode
    this.errmsg = this.message
  }
}

/** The body WeCom sends for an errcode, e.g. `{errcode: 84061, errmsg}`. */
export function errorBody(errcode: number): {
  errcode: number
  errmsg: string
} {
  const known = Object.values(SIM_ERRORS).find(([code]) => code === errcode)
  return { errcode, errmsg: known?.[1] ?? `errcode ${errcode}` }
}

/**
 * Thrown by a simulator action (bad input, unknown member, …). On an admin
 * route (`/sim/…`) it is answered with this HTTP status and
 * `{ error: { code, message } }`.
 */
export class SimActionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'SimActionError'
  }
}
