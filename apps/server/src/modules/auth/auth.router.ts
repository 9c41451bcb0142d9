import { randomBytes } from 'node:crypto'
import Router from '@koa/router'
import type { AppInfo, SessionInfo } from '@petcare/shared'
import {
  buildOAuthAuthorizeUrl,
  WecomApiError,
  type WecomClient,
} from '@petcare/wecom'
import type { Context, Middleware } from 'koa'
import type { DataSource } from 'typeorm'
import { z } from 'zod'
import type { Config } from '../../config'
import { AppError, UnauthorizedError } from '../../errors'
import type { RequestState } from '../../middlewares/request-context'
import { readJson } from '../../middlewares/json-body'
import { checkLocalLogin, Throttle } from './local-accounts'
import { loadPrincipal, LOCAL_PREFIX, type Principal } from './principal'
import { safeReturnPath, type SessionCookies } from './session'

/** What a signed-in request carries. */
export interface AuthState extends RequestState {
  principal: Principal
  sessionExpiresAt: number
}

/**
 * Refuses a request without a live session of an active member (401
 * UNAUTHENTICATED), and renews a session past half its life.
 */
export function requireMember(
  dataSource: DataSource,
  cookies: SessionCookies,
  config: Config,
  options: { allowLocal?: boolean } = {},
): Middleware<AuthState> {
  return async (ctx, next) => {
    const now = Date.now()
    const claims = cookies.read(ctx, now)
    const principal = claims && (await loadPrincipal(dataSource, claims.userId))
    if (!claims || !principal) {
      throw new UnauthorizedError('UNAUTHENTICATED', 'sign in through WeCom')
    }
    if (principal.local && !options.allowLocal) {
      throw new AppError(
        403,
        'NOT_A_MEMBER',
        'a local console account cannot open customer records; sign in through WeCom',
      )
    }
    const halfLife = (config.session.ttlMinutes * 60_000) / 2
    const expiresAt =
      claims.expiresAt - now < halfLife
        ? cookies.write(ctx, claims.userId, now).expiresAt
        : claims.expiresAt
    ctx.state.principal = principal
    ctx.state.sessionExpiresAt = expiresAt
    ctx.state.logFields = { ...ctx.state.logFields, userId: principal.userId }
    await next()
  }
}

/**
 * Sign-in through WeCom OAuth2: `start` sends the browser to WeCom's
 * authorize page (the simulator's in the demo) with a one-time state bound
 * to this browser; `callback` turns WeCom's code into a member id and sets
 * the session cookie; `session` says who is signed in.
 */
export function createAuthRouter(deps: {
  dataSource: DataSource
  config: Config
  cookies: SessionCookies
  wecom: WecomClient | null
}): Router<RequestState> {
  const { dataSource, config, cookies, wecom } = deps
  const router = new Router<RequestState>({ prefix: '/api/auth' })
  const member = requireMember(dataSource, cookies, config, {
    allowLocal: true,
  })

  router.get('auth.session', '/session', member, (ctx) => {
    const state = ctx.state as AuthState
    const p = state.principal
    const body: SessionInfo = {
      userId: p.userId,
      name: p.name,
      role: p.role,
      scope: p.scope,
      hospital: p.hospital,
      region: p.region,
      expiresAt: new Date(state.sessionExpiresAt).toISOString(),
      mode: config.demo ? 'demo' : 'production',
    }
    ctx.set('Cache-Control', 'no-store')
    ctx.body = body
  })

  router.get('auth.oauth.start', '/oauth/start', (ctx) => {
    const state = randomBytes(16).toString('base64url')
    cookies.writeOAuth(ctx, {
      state,
      back: safeReturnPath(ctx.query.return),
    })
    ctx.set('Cache-Control', 'no-store')
    ctx.redirect(
      buildOAuthAuthorizeUrl({
        base: config.wecom.oauthBase,
        corpId: config.wecom.corpId,
        agentId: config.wecom.agentId,
        redirectUri: `${publicOrigin(ctx, config)}/api/auth/oauth/callback`,
        state,
      }),
    )
  })

  router.get('auth.oauth.callback', '/oauth/callback', async (ctx) => {
    const pending = cookies.takeOAuth(ctx)
    const back = pending?.back ?? '/sidebar/'
    const retry = `/api/auth/oauth/start?return=${encodeURIComponent(back)}`
    try {
      const code = typeof ctx.query.code === 'string' ? ctx.query.code : ''
      if (!pending || ctx.query.state !== pending.state) {
        throw new AppError(
          400,
          'OAUTH_STATE_INVALID',
          'the sign-in was not started in this browser, or took over ten minutes',
        )
      }
      if (!code || code.length > 512) {
        throw new AppError(400, 'OAUTH_CODE_INVALID', 'WeCom sent no code')
      }
      const userId = await memberForCode(wecom, code)
      const principal = await loadPrincipal(dataSource, userId)
      if (!principal) {
        throw new AppError(
          403,
          'NOT_A_MEMBER',
          'this WeCom account is not an active member of the corp',
        )
      }
      cookies.write(ctx, principal.userId)
      ctx.state.log.info({ userId }, 'member signed in')
      ctx.redirect(back)
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error
      }
      // A browser is on this page: answer with a page and a way back in.
      ctx.state.log.warn({ code: error.code }, 'sign-in refused')
      ctx.status = error.status
      ctx.type = 'text/html; charset=utf-8'
      ctx.body = signInFailedPage(error.code, retry)
    }
  })

  // Five wrong passwords per username or address lock them for 15 minutes.
  const throttle = new Throttle(5, 15 * 60_000)
  router.post('auth.local', '/local', async (ctx) => {
    const input = await readJson(
      ctx,
      z.object({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
      }),
    )
    const keys = [`user:${input.username.toLowerCase()}`, `ip:${ctx.ip}`]
    const wait = throttle.retryAfter(keys)
    if (wait > 0) {
      ctx.set('Retry-After', String(wait))
      throw new AppError(
        429,
        'LOGIN_LOCKED',
        `too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minutes`,
      )
    }
    const username = await checkLocalLogin(
      dataSource,
      input.username,
      input.password,
    )
    if (!username) {
      throttle.count(keys)
      ctx.state.log.warn({ username: input.username }, 'local sign-in refused')
      throw new UnauthorizedError('LOGIN_FAILED', 'wrong username or password')
    }
    throttle.clear(keys)
    cookies.write(ctx, `${LOCAL_PREFIX}${username}`)
    ctx.state.log.info({ username }, 'local admin signed in')
    ctx.status = 204
  })

  router.post('auth.logout', '/logout', (ctx) => {
    cookies.clear(ctx)
    ctx.status = 204
  })

  return router
}

/** `GET /api/app-info`: public facts a signed-out page needs. */
export function createAppInfoRouter(config: Config): Router<RequestState> {
  const router = new Router<RequestState>()
  router.get('app.info', '/api/app-info', (ctx) => {
    const body: AppInfo = {
      mode: config.demo ? 'demo' : 'production',
      corpId: config.wecom.corpId,
      agentId: config.wecom.agentId,
    }
    ctx.body = body
  })
  return router
}

async function memberForCode(
  wecom: WecomClient | null,
  code: string,
): Promise<string> {
  if (!wecom) {
    throw new AppError(
      503,
      'WECOM_UNAVAILABLE',
      'WECOM_SECRET is not set, so nobody can sign in',
      { expose: true },
    )
  }
  try {
    const user = await wecom.getUserByOAuthCode(code)
    if (user.kind !== 'member') {
      throw new AppError(
        403,
        'NOT_A_MEMBER',
        'this WeChat account is not a member of the corp',
      )
    }
    return user.userId
  } catch (error) {
    if (error instanceof WecomApiError && error.errcode === 40029) {
      throw new AppError(
        400,
        'OAUTH_CODE_INVALID',
        'the sign-in code was used already or is over five minutes old',
      )
    }
    if (error instanceof AppError) {
      throw error
    }
    throw new AppError(503, 'WECOM_UNAVAILABLE', 'WeCom did not answer', {
      cause: error,
      expose: true,
    })
  }
}

/** The server's address as members' browsers see it. */
export function publicOrigin(ctx: Context, config: Config): string {
  return config.publicUrl ?? `${ctx.protocol}://${ctx.host}`
}

const REASONS: Record<string, string> = {
  OAUTH_STATE_INVALID: '登录请求已过期，或不是在这个页面发起的。',
  OAUTH_CODE_INVALID:
    '企业微信的登录凭证已失效（只能使用一次，5 分钟内有效）。',
  NOT_A_MEMBER: '这个账号不是本企业的在职成员，无法查看客户档案。',
  WECOM_UNAVAILABLE: '企业微信暂时没有响应，请稍后重新登录。',
}

function signInFailedPage(code: string, retry: string): string {
  const reason = REASONS[code] ?? '登录没有完成。'
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>登录失败</title>
<style>body{font:15px/1.6 system-ui,sans-serif;margin:0;padding:24px 16px;color:#1f2329}
a{display:inline-flex;align-items:center;min-height:44px;padding:0 16px;border-radius:8px;
background:#1f7a5c;color:#fff;text-decoration:none}code{color:#666}</style></head>
<body><h1 style="font-size:18px">登录失败</h1><p>${reason}</p><p><code>${code}</code></p>
<p><a href="${retry.replace(/"/g, '&quot;')}">重新登录</a></p></body></html>`
}
