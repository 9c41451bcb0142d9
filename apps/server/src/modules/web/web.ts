import { existsSync, type Stats } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { ServerResponse } from 'node:http'
import type { Middleware } from 'koa'
import serve from 'koa-static'
import type { RequestState } from '../../middlewares/request-context'

/** The workspace's `apps/` folder, where the front ends are built. */
export const APPS_DIR = resolve(__dirname, '../../../..')

/** Vite puts a content hash in every name under assets/: never stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/**
 * index.html (and a service worker script) may change with any deploy: a
 * browser keeps it but asks first, and the ETag makes that answer a 304.
 */
const REVALIDATE = 'no-cache'

/**
 * A weak validator from the file's size and modification time, as
 * koa-etag and serve-static make it: no need to read the file. A `.br` or
 * `.gz` twin (koa-send serves one when the build left it and the browser
 * accepts it) is another representation, so it gets its own tag.
 */
function etagOf(file: string, stats: Stats): string {
  const encoding = /\.(br|gz)$/.exec(file)?.[1]
  const size = stats.size.toString(16)
  const mtime = Math.floor(stats.mtimeMs).toString(16)
  return `W/"${size}-${mtime}${encoding ? `-${encoding}` : ''}"`
}

/**
 * Serves a built Vite app under `prefix` (e.g. `/sidebar`): its assets, and
 * its index.html for the bare prefix. `/sidebar` redirects to `/sidebar/` so
 * relative asset URLs resolve. Hashed assets are cached for a year; the rest
 * is revalidated, and a matching `If-None-Match` gets a 304.
 */
export function serveWebApp(
  prefix: string,
  distDir: string,
): Middleware<RequestState> {
  const root = resolve(distDir)
  const assets = serve(root, {
    index: 'index.html',
    // Called by koa-send with the file it is about to stream; what is set
    // here wins over its own `max-age=0`.
    setHeaders(res: ServerResponse, file: string, stats: Stats) {
      const hashed = relative(root, file).startsWith(`assets${sep}`)
      res.setHeader('Cache-Control', hashed ? IMMUTABLE : REVALIDATE)
      res.setHeader('ETag', etagOf(file, stats))
      // The same URL is plain, gzip or brotli by Accept-Encoding.
      res.setHeader('Vary', 'Accept-Encoding')
    },
  })
  const ready = () => existsSync(join(root, 'index.html'))

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
    // Koa drops (and closes) the file stream for a 304.
    if (ctx.status === 200 && ctx.fresh) {
      ctx.status = 304
    }
  }
}
