import pino, { type Logger, type LoggerOptions } from 'pino'

/** The areas of the server that log; a closed list so names don't drift. */
export type LogModule =
  | 'main'
  | 'http'
  | 'wecom-callback'
  | 'event-store'
  | 'database'
  | 'worker'
  | 'resync'
  | 'wecom-sim'

export type { Logger }

/**
 * Paths never written to a log: credentials, keys, cookies and decrypted
 * callback content.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.accessToken',
  '*.access_token',
  '*.encodingAesKey',
  '*.token',
  '*.secret',
  '*.plaintext',
  '*.payloadXml',
]

/** Level, redaction and error shape: what every logger of the server uses. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  }
}

/** Creates the root logger: JSON, or pino-pretty for local development. */
export function createLogger(options: {
  level: string
  pretty: boolean
}): Logger {
  return pino({
    ...loggerOptions(options.level),
    transport: options.pretty
      ? {
          target: 'pino-pretty',
          options: {
            translateTime: 'SYS:HH:MM:ss.l',
            ignore: 'pid,hostname',
            singleLine: true,
          },
        }
      : undefined,
  })
}

/** A child logger for one area of the server. */
export function moduleLogger(root: Logger, module: LogModule): Logger {
  return root.child({ module })
}

/**
 * An error as a log shows it: its type, message, code and stack, and its
 * cause the same way. Nothing else is copied: a database error carries the
 * query and its parameters, which hold decrypted callbacks.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) {
    return error
  }
  const code = (error as { code?: unknown }).code
  return {
    type: error.name,
    message: error.message.slice(0, 500),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: error.stack,
    ...(error.cause === undefined
      ? {}
      : { cause: serializeError(error.cause) }),
  }
}
