import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Middleware } from 'koa'
import serve from 'koa-static'
import type { RequestState } from '../../middlewares/request-context'

/** The workspace's `apps/` folder, where the front ends are built. */
export const APPS_DIR = resolve(__dirname, '../../../..')

/**
 * Serves a built Vite app under `prefix` (e.g. `/sidebar`): its assets, and
 * its index.html for the bare prefix. `/sidebar` redirects to `/sidebar/` so
 * relative asset URLs resolve.
 */
export function serveWebApp(
  prefix: string,
  distDir: string,
): Middleware<RequestState> {
  const assets = serve(distDir, { index: 'index.html', maxage: 0 })
  const ready = () => existsSync(join(distDir, 'index.html'))

  return async (ctx, next) => {
    if (ctx.path === prefix) {
      ctx.redirect(`${prefix}/${ctx.querystring ? `?${ctx.querystring}` : ''}`)
      return
    }
    if (!ctx.path.startsWith(`${prefix}/`)) {
      return next()
    }
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      return next()
    }
    if (!ready()) {
      ctx.status = 503
      ctx.type = 'text/plain; charset=utf-8'
      ctx.body = `${prefix} is not built yet: run \`pnpm build\``
      return
    }

    const originalPath = ctx.path
    ctx.path = originalPath.slice(prefix.length) || '/'
    try {
      await assets(ctx, async () => undefined)
    } finally {
      ctx.path = originalPath
    }
    if (ctx.status === 404 && ctx.body === undefined) {
      return next()
    }
    if (ctx.path.startsWith(`${prefix}/assets/`)) {
      // Vite puts a content hash in every asset name.
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
    } else {
      ctx.set('Cache-Control', 'no-cache')
    }
  }
}
