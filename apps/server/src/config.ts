import { randomBytes } from 'node:crypto'
import { WECOM_API_BASE, WECOM_OAUTH_BASE } from '@petcare/wecom'
import { DEMO_CORP, DEMO_CORP_SECRET } from '@petcare/wecom-sim'
import { z } from 'zod'
import { DEMO_ADMIN_PASSWORD } from './modules/auth/local-accounts'

/** Where the server stores its data. */
export type DatabaseConfig =
  { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string }

/** The server's configuration, read from the environment once at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test'
  host: string
  port: number
  database: DatabaseConfig
  /** True when no `WECOM_*` is set and the built-in demo corp stands in. */
  demo: boolean
  wecom: {
    corpId: string
    agentId: string
    token: string
    encodingAesKey: string
    /** Oldest callback timestamp accepted, in seconds; 0 turns it off. */
    callbackMaxAgeSeconds: number
    /** The app secret for the server API; null leaves the API unused. */
    secret: string | null
    /** The WeCom API, or the simulator's URL. */
    apiBase: string
    /** Where members sign in (OAuth2 authorize), or the simulator's URL. */
    oauthBase: string
  }
  /** Signed-in members' sessions: a signed, httpOnly cookie. */
  session: {
    /** Signs the cookie; random per start in the demo. */
    secret: string
    ttlMinutes: number
    /** Cookies only over HTTPS: on whenever the public URL is https. */
    secure: boolean
  }
  /**
   * The address members' browsers reach the server at, e.g.
   * https://care.example.com; the OAuth redirect is built on it. Null: the
   * request's own origin.
   */
  publicUrl: string | null
  /**
   * The password of the local console account `admin`, created on start
   * when no local account exists; the demo's is `petcare-demo`.
   */
  adminInitialPassword: string | null
  worker: {
    /** Run the event worker inside the server process. */
    enabled: boolean
    /** Hours between full re-syncs; 0 turns the schedule off. */
    resyncHours: number
  }
  /** Welcome message texts: the default and per channel (state prefix). */
  welcome: { default: string; byChannel: Record<string, string> }
  /** Redis for the shared WeCom token, instead of the database. */
  redisUrl: string | null
  log: { level: string; pretty: boolean }
  /** Largest callback body read, in bytes. */
  callbackBodyLimit: number
  /** `POST /api/import`, where the hospital system pushes its exports. */
  import: {
    /** The bearer token it must send; null turns the endpoint off (404). */
    token: string | null
    /** Largest export accepted, in bytes. */
    bodyLimit: number
  }
}

/** Thrown with one line per bad value; main prints them and exits. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

const WECOM_REQUIRED = [
  'WECOM_CORP_ID',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
  'WECOM_AGENT_ID',
] as const

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const EnvSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development'),
  HOST: z
    .string()
    .trim()
    .min(1, 'must be an address such as 0.0.0.0')
    .optional(),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be 1 to 65535')
    .max(65535, 'must be 1 to 65535')
    .default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .default('sqlite:./data/petcare.sqlite')
    .refine(
      (url) => /^sqlite:.+/.test(url) || /^mysql:\/\/.+/.test(url),
      'must be sqlite:<path> or mysql://user:pass@host:port/db',
    ),
  WECOM_CORP_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a corp id such as ww1234…')
      .optional(),
  ),
  WECOM_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1 to 32 letters or digits')
      .optional(),
  ),
  WECOM_ENCODING_AES_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'must be exactly 43 letters or digits')
      .optional(),
  ),
  WECOM_AGENT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,12}$/, 'must be a number')
      .optional(),
  ),
  WECOM_CALLBACK_MAX_AGE: z.coerce
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 (off) or more')
    .default(300),
  WECOM_SECRET: optionalText,
  WECOM_API_BASE: z
    .string()
    .trim()
    .url('must be a URL such as https://qyapi.weixin.qq.com')
    .optional(),
  WECOM_OAUTH_BASE: z
    .string()
    .trim()
    .url('must be a URL such as https://open.weixin.qq.com')
    .optional(),
  SESSION_SECRET: optionalText.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  ADMIN_INITIAL_PASSWORD: optionalText.pipe(
    z.string().min(12, 'must be at least 12 characters').optional(),
  ),
  SESSION_TTL_MINUTES: z.coerce
    .number({ message: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(5, 'must be 5 to 1440')
    .max(1440, 'must be 5 to 1440')
    .default(120),
  PUBLIC_URL: optionalText.pipe(
    z.string().url('must be a URL such as https://care.example.com').optional(),
  ),
  WORKER: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  RESYNC_HOURS: z.coerce
    .number({ message: 'must be a number of hours' })
    .min(0, 'must be 0 (off) or more')
    .default(24),
  WELCOME_TEXT: z
    .string()
    .trim()
    .min(1)
    .default('您好，我是您的爱宠管家，毛孩子有任何问题都可以随时问我 🐾'),
  WELCOME_TEXT_BY_CHANNEL: z
    .string()
    .optional()
    .transform((text, context) => {
      if (!text) {
        return {}
      }
      try {
        const value: unknown = JSON.parse(text)
        if (
          typeof value === 'object' &&
          value !== null &&
          Object.values(value).every((item) => typeof item === 'string')
        ) {
          return value as Record<string, string>
        }
      } catch {
        // reported below
      }
      context.addIssue({
        code: 'custom',
        message: 'must be a JSON object of channel prefix to text',
      })
      return z.NEVER
    }),
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must be redis://host:port')
      .optional(),
  ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  IMPORT_TOKEN: optionalText.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  IMPORT_BODY_LIMIT_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .positive('must be more than 0')
    .default(100),
})

/**
 * Reads and validates the configuration.
 * @throws {ConfigError} listing every bad or missing value
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      )

  // Which WECOM_* are set is read from the raw environment, so a bad value
  // and a missing one are reported together.
  const present = WECOM_REQUIRED.filter((name) => env[name]?.trim())
  const demo = present.length === 0
  if (!demo && present.length < WECOM_REQUIRED.length) {
    const missing = WECOM_REQUIRED.filter((name) => !present.includes(name))
    problems.push(
      ...missing.map((name) => `${name}: is required once any WECOM_* is set`),
    )
  }
  if (demo && (env.NODE_ENV ?? 'development') === 'production') {
    problems.push(
      `${WECOM_REQUIRED.join(', ')}: required in production; ` +
        'without them the server would run on the public demo corp',
    )
  }
  // Without a fixed secret every start signs everyone out, and two server
  // processes would not accept each other's sessions.
  if (
    (env.NODE_ENV ?? 'development') === 'production' &&
    !env.SESSION_SECRET?.trim()
  ) {
    problems.push(
      'SESSION_SECRET: required in production (32 or more random ' +
        'characters, the same for every server process)',
    )
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(problems)
  }
  const values = parsed.data

  return {
    nodeEnv: values.NODE_ENV,
    // The demo listens on this machine only; a real corp's server is
    // reached by WeCom, so it listens on every interface by default.
    host: values.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    port: values.PORT,
    database: parseDatabaseUrl(values.DATABASE_URL),
    demo,
    wecom: {
      corpId: values.WECOM_CORP_ID ?? DEMO_CORP.corpId,
      agentId: values.WECOM_AGENT_ID ?? DEMO_CORP.agentId,
      token: values.WECOM_TOKEN ?? DEMO_CORP.token,
      encodingAesKey: values.WECOM_ENCODING_AES_KEY ?? DEMO_CORP.encodingAesKey,
      callbackMaxAgeSeconds: values.WECOM_CALLBACK_MAX_AGE,
      secret: values.WECOM_SECRET ?? (demo ? DEMO_CORP_SECRET : null),
      apiBase: values.WECOM_API_BASE ?? WECOM_API_BASE,
      oauthBase: values.WECOM_OAUTH_BASE ?? WECOM_OAUTH_BASE,
    },
    session: {
      secret: values.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
      ttlMinutes: values.SESSION_TTL_MINUTES,
      secure: values.PUBLIC_URL?.startsWith('https:') ?? false,
    },
    adminInitialPassword:
      values.ADMIN_INITIAL_PASSWORD ?? (demo ? DEMO_ADMIN_PASSWORD : null),
    publicUrl: values.PUBLIC_URL?.replace(/\/$/, '') ?? null,
    worker: {
      enabled: values.WORKER === 'on',
      resyncHours: values.RESYNC_HOURS,
    },
    welcome: {
      default: values.WELCOME_TEXT,
      byChannel: values.WELCOME_TEXT_BY_CHANNEL,
    },
    redisUrl: values.REDIS_URL ?? null,
    log: {
      level: values.LOG_LEVEL,
      pretty:
        (values.LOG_FORMAT ?? defaultLogFormat(values.NODE_ENV)) === 'pretty',
    },
    // A callback is a few KB; more is not WeCom.
    callbackBodyLimit: 256 * 1024,
    import: {
      token: values.IMPORT_TOKEN ?? null,
      bodyLimit: Math.floor(values.IMPORT_BODY_LIMIT_MB * 1024 * 1024),
    },
  }
}

function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    return { kind: 'sqlite', path: url.slice('sqlite:'.length) }
  }
  return { kind: 'mysql', url }
}

function defaultLogFormat(nodeEnv: Config['nodeEnv']): 'json' | 'pretty' {
  return nodeEnv === 'development' ? 'pretty' : 'json'
}
