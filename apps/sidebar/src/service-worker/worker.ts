/**
 * The sidebar's service worker, built to /sidebar/sw.js by vite-plugin.ts:
 * the app shell (index.html and the hashed files under assets/) from a
 * cache, so a butler who opens the sidebar again waits only for the chat's
 * data. The data (/api/**) never goes through the worker or its cache.
 *
 * - install: precache this build's index.html and assets, then take over at
 *   once (skipWaiting), so a deploy is picked up even while an old sidebar
 *   is still open somewhere;
 * - activate: drop every other version's cache;
 * - a navigation to the app: index.html from the cache, with Link preload
 *   headers for the data its inline script will ask for, and in the
 *   background a revalidation (a 304 while nothing changed); a different
 *   index.html means a deploy, and the browser is asked for the new sw.js,
 *   whose install brings the new shell for the next open;
 * - an asset: from the cache, else from the network (and kept: its name is
 *   its content's hash).
 *
 * To retire the worker, serve an sw.js that deletes the `sidebar-shell-`
 * caches and calls `self.registration.unregister()`: browsers check sw.js
 * on every open, past their HTTP cache.
 */
import { prefetchPaths } from '../shared/prefetch-paths'
import { SHELL_CACHE_PREFIX, type ShellManifest } from './manifest'
import { routeOf } from './routes'

declare const self: ServiceWorkerGlobalScope
/** Written at the top of sw.js by the build. */
declare const __SHELL__: ShellManifest

/** Chrome ≥ 123's static routing, not yet in TypeScript's lib. */
interface RoutableInstallEvent extends ExtendableEvent {
  addRoutes?(rules: object[]): Promise<void>
}

const CACHE = SHELL_CACHE_PREFIX + __SHELL__.version
/** index.html is kept under the scope's URL, whatever `?chat=` opened it. */
const PAGE = self.registration.scope
// The server varies the encoding by Accept-Encoding; the bytes are the same.
const MATCH = { ignoreVary: true }

self.addEventListener('install', (event: RoutableInstallEvent) => {
  // Where the browser can, /api/** skips this worker altogether: no fetch
  // event, not even a wake-up. routeOf keeps it off the cache elsewhere.
  if (event.addRoutes) {
    event.waitUntil(
      event
        .addRoutes([{ condition: { urlPattern: '/api/*' }, source: 'network' }])
        .catch(() => undefined),
    )
  }
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOtherVersions().then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const route = routeOf(event.request, self.registration.scope)
  if (route === 'page') {
    event.respondWith(page(event))
  } else if (route === 'asset') {
    event.respondWith(asset(event))
  }
  // Anything else: no respondWith, so the browser fetches it itself.
})

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE)
  try {
    // The page from the server (a 304 against the HTTP cache is fine). It
    // must be this build's, or its scripts would not be in this cache.
    const page = await fetch(PAGE, { cache: 'no-cache' })
    if (!page.ok || page.redirected) {
      throw new Error(`index.html: ${page.status}`)
    }
    if (!(await page.clone().text()).includes(__SHELL__.entry)) {
      throw new Error('index.html is another build’s')
    }
    // Hashed names: the HTTP cache's copies from the first load will do.
    await cache.addAll(__SHELL__.assets)
    await cache.put(PAGE, page)
  } catch (error) {
    // The browser retries the install on a later open; leave nothing half
    // made meanwhile.
    await caches.delete(CACHE)
    throw error
  }
}

async function dropOtherVersions(): Promise<void> {
  const names = await caches.keys()
  await Promise.all(
    names
      .filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)),
  )
}

/**
 * The cached index.html. Its Link headers start the data requests as the
 * page commits, a few hundred milliseconds on a slow phone before its
 * inline script runs; that script's fetches then take the preloaded
 * answers (same URLs, same mode and credentials), so each goes out once.
 */
async function page(event: FetchEvent): Promise<Response> {
  const cached = await caches.match(PAGE, { ...MATCH, cacheName: CACHE })
  if (!cached) return fetch(event.request)
  event.waitUntil(revalidate(cached.clone()))

  const search = new URL(event.request.url).search
  const links = prefetchPaths(search, navigator.userAgent).map(
    (path) => `<${path}>; rel=preload; as=fetch; crossorigin`,
  )
  const headers = new Headers(cached.headers)
  headers.set('Link', links.join(', '))
  // The cache holds the decoded body; these described the encoded one.
  headers.delete('Content-Encoding')
  headers.delete('Content-Length')
  return new Response(cached.body, {
    status: cached.status,
    statusText: cached.statusText,
    headers,
  })
}

/**
 * Stale-while-revalidate, with one twist: a changed index.html is not put
 * in this cache, since it names scripts this cache does not have. It means
 * a deploy, whose own worker brings the page and its scripts together.
 */
async function revalidate(cached: Response): Promise<void> {
  try {
    const fresh = await fetch(PAGE, { cache: 'no-cache' })
    if (!fresh.ok || fresh.redirected) return
    if ((await fresh.text()) !== (await cached.text())) {
      await self.registration.update()
    }
  } catch {
    // Offline, or the server is down: the cached page is all there is.
  }
}

async function asset(event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(event.request, MATCH)
  if (cached) return cached
  const response = await fetch(event.request)
  if (response.ok) {
    event.waitUntil(cache.put(event.request, response.clone()))
  }
  return response
}
