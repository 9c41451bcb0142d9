import type { AddressInfo } from 'node:net'
import { chinaToday, type LocalDate } from '@petcare/domain'
import { DEMO_CORP } from '../demo-corp'
import { DEMO_CORP_SECRET } from '../demo-corp-secret'
import { AccessTokens, JsapiTickets, OneTimeCodes } from './access'
import * as customers from './actions-customers'
import * as groups from './actions-groups'
import * as members from './actions-members'
import { CallbackSender, type CallbackDelivery } from './callbacks'
import type {
  OAuthGrant,
  SentMessages,
  SimContext,
  SimCorp,
  WelcomeGrant,
} from './context'
import { FaultInjector } from './faults'
import { createSimServer, SimRouter } from './http'
import { SeededRandom } from './random'
import { localizeAvatars } from './avatars'
import { replayHistory } from './history'
import { addAdminRoutes } from './routes-admin'
import { addCustomerRoutes } from './routes-customers'
import { addDirectoryRoutes } from './routes-directory'
import { addGroupRoutes } from './routes-groups'
import { addMessageRoutes } from './routes-messages'
import { addMomentRoutes } from './routes-moments'
import { seedCorp } from './seed'
import { SimDirectory, type SimState } from './state'
import { summarizeState } from './summary'

/** How `createWecomSimulator` sets up the corp, its limits and its callbacks. */
export interface WecomSimulatorOptions {
  /** The seed of the simulated corp; the same seed, the same corp (1). */
  seed?: number
  /**
   * The China date the seeded history leads up to (today by the clock):
   * a restarted demo passes the day it was first seeded on.
   */
  today?: LocalDate
  /** Port to listen on; 0 picks a free one (0). */
  port?: number
  /** Address to listen on ('127.0.0.1'). */
  host?: string
  /** The product's `/wecom/callback`; without it callbacks are only logged. */
  callbackUrl?: string | null
  /** The corp's ids and credentials (`DEMO_CORP` and `DEMO_CORP_SECRET`). */
  corp?: Partial<SimCorp>
  /** Access token lifetime in seconds (7200). */
  tokenLifetimeSeconds?: number
  /** Welcome code lifetime in seconds (20). */
  welcomeCodeLifetimeSeconds?: number
  /** OAuth code lifetime in seconds (300). */
  oauthCodeLifetimeSeconds?: number
  /** Calls one access token may make per minute before 45009 (10 000). */
  requestsPerMinute?: number
  /** `follow_user` entries per `externalcontact/get` page (500). */
  followUserPageSize?: number
  /** Pause between callback attempts in ms (1000). */
  callbackRetryDelayMs?: number
  /** How long a callback may take to be answered, in ms (5000). */
  callbackTimeoutMs?: number
  /** The simulator's clock in Unix ms (`Date.now`); tests move it. */
  now?: () => number
  /** Called as each callback is delivered or given up (for logs). */
  onCallback?: (delivery: CallbackDelivery) => void
}

type Action<F> = F extends (context: SimContext, ...args: infer A) => infer R
  ? (...args: A) => R
  : never

/** A running simulator. Every action sends its callback before resolving. */
export interface WecomSimulator {
  /** The base URL, e.g. http://127.0.0.1:3100: use it as the API base. */
  url: string
  corp: SimCorp
  /** The live state; read it, and change it through the actions. */
  state: SimState
  directory: SimDirectory
  /** What the product sent: welcome messages and mass message tasks. */
  sent: SentMessages
  callbacks: CallbackSender
  faults: FaultInjector
  tokens: AccessTokens
  addCustomer: Action<typeof customers.addCustomer>
  deleteFollowUser: Action<typeof customers.deleteFollowUser>
  deleteExternalContact: Action<typeof customers.deleteExternalContact>
  editExternalContact: Action<typeof customers.editExternalContact>
  createGroupChat: Action<typeof groups.createGroupChat>
  renameGroupChat: Action<typeof groups.renameGroupChat>
  changeGroupNotice: Action<typeof groups.changeGroupNotice>
  addGroupMembers: Action<typeof groups.addGroupMembers>
  removeGroupMembers: Action<typeof groups.removeGroupMembers>
  dismissGroupChat: Action<typeof groups.dismissGroupChat>
  createMember: Action<typeof members.createMember>
  updateMember: Action<typeof members.updateMember>
  deleteMember: Action<typeof members.deleteMember>
  /** An OAuth code for `auth/getuserinfo`: a userid, or someone outside. */
  issueOAuthCode(grant: string | OAuthGrant): string
  /**
   * Sends the callbacks of the corp's recent past (`state.history`: the
   * relations that ended before the simulator started), each with its own
   * `CreateTime`, oldest first; resolves when all are delivered or given up.
   */
  replayHistory(): Promise<CallbackDelivery[]>
  /** What `GET /sim/state` answers. */
  summary(): ReturnType<typeof summarizeState>
  /** Stops listening and gives up on callbacks not yet delivered. */
  close(): Promise<void>
}

/**
 * Starts a local stand-in for WeCom's server API (https://qyapi.weixin.qq.com)
 * over HTTP, with a seeded corp, and callbacks to the product when its state
 * changes.
 */
export async function createWecomSimulator(
  options: WecomSimulatorOptions = {},
): Promise<WecomSimulator> {
  const seed = options.seed ?? 1
  const now = options.now ?? Date.now
  const corp: SimCorp = {
    corpId: DEMO_CORP.corpId,
    secret: DEMO_CORP_SECRET,
    agentId: DEMO_CORP.agentId,
    token: DEMO_CORP.token,
    encodingAesKey: DEMO_CORP.encodingAesKey,
    ...options.corp,
  }
  const state = seedCorp(seed, {
    today: options.today ?? chinaToday(new Date(now())),
  })
  const context: SimContext = {
    corp,
    state,
    directory: new SimDirectory(state),
    tokens: new AccessTokens({
      corpId: corp.corpId,
      secret: corp.secret,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 7200,
      requestsPerMinute: options.requestsPerMinute ?? 10_000,
      now,
    }),
    welcomeCodes: new OneTimeCodes<WelcomeGrant>(
      () => (options.welcomeCodeLifetimeSeconds ?? 20) * 1000,
      now,
    ),
    oauthCodes: new OneTimeCodes<OAuthGrant>(
      () => (options.oauthCodeLifetimeSeconds ?? 300) * 1000,
      now,
    ),
    tickets: new JsapiTickets(now),
    faults: new FaultInjector(),
    callbacks: new CallbackSender({
      url: options.callbackUrl ?? null,
      corpId: corp.corpId,
      token: corp.token,
      encodingAesKey: corp.encodingAesKey,
      agentId: corp.agentId,
      retryDelayMs: options.callbackRetryDelayMs,
      timeoutMs: options.callbackTimeoutMs,
      onSettled: options.onCallback,
    }),
    sent: {
      welcomeMessages: [],
      messageTemplates: [],
      moments: [],
      media: [],
    },
    followUserPageSize: options.followUserPageSize ?? 500,
    baseUrl: '',
    now,
    // Apart from the seed's own stream, so new ids never repeat seeded ones.
    random: new SeededRandom(seed ^ 0x5eed5eed),
  }

  const api = new SimRouter()
  addDirectoryRoutes(api, context)
  addCustomerRoutes(api, context)
  addGroupRoutes(api, context)
  addMessageRoutes(api, context)
  addMomentRoutes(api, context)
  const admin = new SimRouter()
  addAdminRoutes(admin, context)

  const server = createSimServer(context, { api, admin })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host =
    address.family === 'IPv6' ? `[${address.address}]` : address.address
  context.baseUrl = `http://${host}:${address.port}`
  localizeAvatars(context)

  const bind =
    <A extends unknown[], R>(action: (context: SimContext, ...args: A) => R) =>
    (...args: A) =>
      action(context, ...args)

  return {
    url: context.baseUrl,
    corp,
    state,
    directory: context.directory,
    sent: context.sent,
    callbacks: context.callbacks,
    faults: context.faults,
    tokens: context.tokens,
    addCustomer: bind(customers.addCustomer),
    deleteFollowUser: bind(customers.deleteFollowUser),
    deleteExternalContact: bind(customers.deleteExternalContact),
    editExternalContact: bind(customers.editExternalContact),
    createGroupChat: bind(groups.createGroupChat),
    renameGroupChat: bind(groups.renameGroupChat),
    changeGroupNotice: bind(groups.changeGroupNotice),
    addGroupMembers: bind(groups.addGroupMembers),
    removeGroupMembers: bind(groups.removeGroupMembers),
    dismissGroupChat: bind(groups.dismissGroupChat),
    createMember: bind(members.createMember),
    updateMember: bind(members.updateMember),
    deleteMember: bind(members.deleteMember),
    issueOAuthCode: (grant) =>
      context.oauthCodes.issue(
        typeof grant === 'string' ? { userid: grant } : grant,
      ),
    replayHistory: () => replayHistory(context),
    summary: () => summarizeState(context),
    close: async () => {
      context.callbacks.stop()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await context.callbacks.idle()
    },
  }
}
