import { join } from 'node:path'
import { CallbackCipher } from '@petcare/wecom'
import type { Middleware } from 'koa'
import Keygrip from 'keygrip'
import Koa from 'koa'
import type { DataSource } from 'typeorm'
import type { Config } from './config'
import { moduleLogger, type Logger } from './logger'
import { errorHandler } from './middlewares/error-handler'
import {
  requestContext,
  type RequestState,
} from './middlewares/request-context'
import { AccessPolicy } from './modules/auth/access'
import {
  createAppInfoRouter,
  createAuthRouter,
  requireMember,
} from './modules/auth/auth.router'
import { createJssdkRouter } from './modules/auth/jssdk.router'
import { SessionCookies } from './modules/auth/session'
import { createConsoleRouter } from './modules/console/console.router'
import { createHealthRouter } from './modules/health/health.router'
import { createOpsRouter } from './modules/ops/ops.router'
import { createMomentsRouter } from './modules/moments/moments.router'
import { createImportRouter } from './modules/record/import/import.router'
import { createCallbackRouter } from './modules/wecom-callback/callback.router'
import { CallbackService } from './modules/wecom-callback/callback.service'
import { EventStore } from './modules/wecom-callback/event-store'
import { QuickReplyLibrary } from './modules/sidebar/quick-replies'
import { ReplyImageLoader } from './modules/sidebar/reply-image'
import { createSidebarRouter } from './modules/sidebar/sidebar.router'
import { SidebarService } from './modules/sidebar/sidebar.service'
import { APPS_DIR, serveWebApp } from './modules/web/web'
import {
  openWecomClient,
  type OpenWecomClient,
} from './modules/wecom-api/wecom-client'

export interface AppDeps {
  config: Config
  dataSource: DataSource
  logger: Logger
  /** The clock, in milliseconds; tests set it. */
  now?: () => number
  /**
   * The WeCom API client for sign-in and page signatures; by default one
   * is opened from the configuration (none without an app secret).
   */
  wecom?: OpenWecomClient | null
}

export interface App {
  koa: Koa<RequestState>
  store: EventStore
  /** Closes what the app opened itself (the WeCom client's Redis). */
  close(): void
}

/** Builds the Koa app. The middleware order is this list, top to bottom. */
export function createApp(deps: AppDeps): App {
  const { config, dataSource, logger } = deps
  const store = new EventStore(dataSource, moduleLogger(logger, 'event-store'))
  const callbacks = new CallbackService({
    cipher: new CallbackCipher({
      token: config.wecom.token,
      encodingAesKey: config.wecom.encodingAesKey,
      receiveId: config.wecom.corpId,
    }),
    corpId: config.wecom.corpId,
    agentId: config.wecom.agentId,
    maxAgeSeconds: config.wecom.callbackMaxAgeSeconds,
    store,
    now: deps.now,
  })

  const wecom =
    deps.wecom === undefined ? openWecomClient(config, dataSource) : deps.wecom
  const cookies = new SessionCookies(config)
  // Routes behind it read `ctx.state.principal` as AuthState.
  const member = requireMember(
    dataSource,
    cookies,
    config,
  ) as unknown as Middleware<RequestState>
  const access = new AccessPolicy(dataSource)

  const koa = new Koa<RequestState>()
  koa.proxy = config.nodeEnv === 'production'
  // Behind one load balancer: the address it appended to X-Forwarded-For,
  // not the first one, which the client may have written itself.
  koa.maxIpsCount = 1
  koa.keys = new Keygrip([config.session.secret], 'sha256')
  const routers = [
    createHealthRouter(dataSource),
    createCallbackRouter(callbacks, config.callbackBodyLimit),
    createOpsRouter(dataSource, config),
    createImportRouter(dataSource, config),
    createAppInfoRouter(config),
    createAuthRouter({
      dataSource,
      config,
      cookies,
      wecom: wecom?.client ?? null,
    }),
    createJssdkRouter({ config, wecom, requireMember: member }),
    createConsoleRouter({
      dataSource,
      config,
      requireUser: requireMember(dataSource, cookies, config, {
        allowLocal: true,
      }) as unknown as Middleware<RequestState>,
      wecom: wecom?.client ?? null,
    }),
    createMomentsRouter({
      dataSource,
      requireUser: requireMember(dataSource, cookies, config, {
        allowLocal: true,
      }) as unknown as Middleware<RequestState>,
      wecom: wecom?.client ?? null,
    }),
    createSidebarRouter({
      config,
      service: new SidebarService(
        dataSource,
        access,
        deps.now ? () => new Date(deps.now!()) : undefined,
      ),
      replies: new QuickReplyLibrary(dataSource, {
        wecom: wecom?.client ?? null,
        // Image replies point at the sidebar's own files (its public folder,
        // copied into dist by the build), or at other hosts.
        images: new ReplyImageLoader([
          {
            prefix: '/sidebar/',
            dirs: [
              join(APPS_DIR, 'sidebar/dist'),
              join(APPS_DIR, 'sidebar/public'),
            ],
          },
        ]),
        now: deps.now,
      }),
      requireMember: member,
    }),
  ]

  koa.use(requestContext(moduleLogger(logger, 'http')))
  koa.use(errorHandler())
  for (const router of routers) {
    koa.use(router.routes())
    koa.use(router.allowedMethods())
  }
  koa.use(serveWebApp('/sidebar', join(APPS_DIR, 'sidebar/dist')))
  koa.use(serveWebApp('/console', join(APPS_DIR, 'console/dist')))
  koa.use(async (ctx, next) => {
    if (ctx.path === '/') {
      ctx.redirect('/console/')
      return
    }
    await next()
  })

  // Koa logs errors that escape the middleware itself; ours go through
  // errorHandler, so this only sees sockets a client closed early.
  koa.on('error', (err: NodeJS.ErrnoException) => {
    moduleLogger(logger, 'http').info(
      { code: err.code, reason: err.message },
      'connection closed early',
    )
  })

  return { koa, store, close: () => wecom?.close() }
}
