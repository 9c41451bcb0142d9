import pino, { type Logger } from 'pino'

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

/** Creates the root logger: JSON, or pino-pretty for local development. */
export function createLogger(options: {
  level: string
  pretty: boolean
}): Logger {
  return pino({
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
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
