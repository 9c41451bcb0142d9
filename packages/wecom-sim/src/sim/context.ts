import type { AccessTokens, JsapiTickets, OneTimeCodes } from './access'
import type { CallbackSender } from './callbacks'
import type { FaultInjector } from './faults'
import type { SeededRandom } from './random'
import type { SimDirectory, SimState } from './state'

/** What a welcome code was issued for. */
export interface WelcomeGrant {
  userid: string
  externalUserId: string
}

/** Who an OAuth code identifies: a member, or a WeChat user outside. */
export type OAuthGrant =
  { userid: string } | { openid: string; externalUserId?: string }

/** A welcome message the product sent through `send_welcome_msg`. */
export interface SentWelcomeMessage {
  welcomeCode: string
  userid: string
  externalUserId: string
  text?: { content: string }
  attachments: unknown[]
  /** Unix ms, on the simulator's clock. */
  sentAt: number
}

/** A mass message task the product created through `add_msg_template`. */
export interface SentMessageTemplate {
  msgid: string
  /** The request body as sent. */
  template: Record<string, unknown>
  failList: string[]
  /** Unix ms, on the simulator's clock. */
  createdAt: number
}

/** A customer moment task the product created through `add_moment_task`. */
export interface SentMoment {
  jobid: string
  /** The request body as sent. */
  task: Record<string, unknown>
  /** Unix ms, on the simulator's clock. */
  createdAt: number
  /** The moment's id, once the product has read the job's result as done. */
  momentId: string | null
}

/** Temporary media the product uploaded through `media/upload`. */
export interface SentMedia {
  mediaId: string
  /** The `type` query parameter: only `image` is simulated. */
  type: 'image'
  filename: string
  contentType: string
  /** The file's length and SHA-256 (hex): the bytes themselves are not kept. */
  size: number
  sha256: string
  /** Unix ms, on the simulator's clock; the id lasts 3 days from here. */
  createdAt: number
}

/** What the product sent out through the simulator, for tests to read. */
export interface SentMessages {
  welcomeMessages: SentWelcomeMessage[]
  messageTemplates: SentMessageTemplate[]
  moments: SentMoment[]
  media: SentMedia[]
}

/** The corp the simulator plays: its API and callback credentials. */
export interface SimCorp {
  corpId: string
  /** The app secret `gettoken` accepts. */
  secret: string
  agentId: string
  /** Callback Token (签名). */
  token: string
  /** Callback EncodingAESKey. */
  encodingAesKey: string
}

/** Everything the routes and actions share. */
export interface SimContext {
  corp: SimCorp
  state: SimState
  directory: SimDirectory
  tokens: AccessTokens
  welcomeCodes: OneTimeCodes<WelcomeGrant>
  oauthCodes: OneTimeCodes<OAuthGrant>
  tickets: JsapiTickets
  faults: FaultInjector
  callbacks: CallbackSender
  sent: SentMessages
  /** `externalcontact/get` page size for `follow_user` (500). */
  followUserPageSize: number
  /** Where the simulator listens, e.g. http://127.0.0.1:3100. */
  baseUrl: string
  /** The simulator's clock, in Unix ms. */
  now: () => number
  /** Ids for what the actions create, seeded so runs repeat. */
  random: SeededRandom
}

/** The simulator's clock in Unix seconds, as WeCom writes times. */
export function nowSeconds(context: SimContext): number {
  return Math.floor(context.now() / 1000)
}
