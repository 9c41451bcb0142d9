import { getJson } from '@petcare/web'

/**
 * Requests index.html starts before the app's script has arrived (see the
 * inline script there), so on a slow network the data and the code download
 * side by side instead of one after the other.
 */
declare global {
  interface Window {
    /** Path → the response promise of a request index.html started. */
    __prefetch?: Record<string, Promise<Response>>
  }
}

/**
 * `getJson(path)`, answered by the request index.html already started for
 * `path` when there is one. Each prefetch is used once; a failed or non-2xx
 * one is asked again through `getJson`, so errors (and the 401 sign-in) take
 * the usual way.
 */
export function getPrefetchedJson<T>(path: string): Promise<T> {
  const pending =
    typeof window === 'undefined' ? undefined : window.__prefetch?.[path]
  if (!pending) return getJson<T>(path)
  delete window.__prefetch![path]
  return pending
    .then((response) => {
      if (!response.ok) throw new Error(`prefetch ${response.status}`)
      return response.json() as Promise<T>
    })
    .catch(() => getJson<T>(path))
}
