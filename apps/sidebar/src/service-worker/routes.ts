/**
 * What the sidebar's service worker does with a request. Only the app shell
 * is ever answered from its cache: an allow-list, so /api/**, /healthz and
 * anything else the page asks for go to the network untouched, whatever
 * the worker's scope.
 */
export type ShellRoute =
  /** A navigation to the app: index.html from the cache, revalidated. */
  | 'page'
  /** A file under assets/: its name has a content hash, so cache-first. */
  | 'asset'
  /** Not the worker's business: no `respondWith`, as if it were not there. */
  | 'network'

export interface RoutedRequest {
  method: string
  url: string
  mode: string
}

/** Where `request` goes, for a worker whose scope is `scope` (e.g. `…/sidebar/`). */
export function routeOf(request: RoutedRequest, scope: string): ShellRoute {
  if (request.method !== 'GET') return 'network'
  const url = new URL(request.url)
  const base = new URL(scope)
  if (url.origin !== base.origin) return 'network'

  const path = url.pathname
  // Belt and braces: these are outside the sidebar's scope anyway.
  if (path.startsWith('/api/') || path === '/healthz' || path === '/readyz') {
    return 'network'
  }
  if (
    request.mode === 'navigate' &&
    (path === base.pathname || path === `${base.pathname}index.html`)
  ) {
    return 'page'
  }
  if (path.startsWith(`${base.pathname}assets/`) && url.search === '') {
    return 'asset'
  }
  return 'network'
}
