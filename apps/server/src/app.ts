import { join } from 'node:path'
import { CallbackCipher } from '@petcare/wecom'
import Koa from 'koa'
import type { DataSource } from 'typeorm'
import type { Config } from './config'
import { moduleLogger, type Logger } from './logger'
import { errorHandler } from './middlewares/error-handler'
import {
  requestContext,
  type RequestState,
} from './middlewares/request-context'
import { createHealthRouter } from './modules/health/health.router'
import { createOpsRouter } from './modules/ops/ops.router'
import { createImportRouter } from './modules/record/import/import.router'
import { createCallbackRouter } from './modules/wecom-callback/callback.router'
import { CallbackService } from './modules/wecom-callback/callback.service'
import { EventStore } from './modules/wecom-callback/event-store'
import { APPS_DIR, serveWebApp } from './modules/web/web'

export interface AppDeps {
  config: Config
  dataSource: DataSource
  logger: Logger
  /** The clock, in milliseconds; tests set it. */
  now?: () => number
}

export interface App {
  koa: Koa<RequestState>
  store: EventStore
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

  const koa = new Koa<RequestState>()
  koa.proxy = config.nodeEnv === 'production'
  const routers = [
    createHealthRouter(dataSource),
    createCallbackRouter(callbacks, config.callbackBodyLimit),
    createOpsRouter(dataSource, config),
    createImportRouter(dataSource, config),
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

  return { koa, store }
}
