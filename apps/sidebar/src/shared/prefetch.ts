import { getJson, readJsonResponse } from '@petcare/web'

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
 * `path` when there is one. Each prefetch is used once. Its answer is read
 * like any other (an error status is an `ApiError`, a 401 starts the
 * sign-in); only when it never arrived is the path asked again.
 */
export async function getPrefetchedJson<T>(path: string): Promise<T> {
  const pending =
    typeof window === 'undefined' ? undefined : window.__prefetch?.[path]
  if (!pending) return getJson<T>(path)
  delete window.__prefetch![path]

  let response: Response
  let text: string
  try {
    response = await pending
    text = await response.text()
  } catch {
    return getJson<T>(path)
  }
  return readJsonResponse<T>(path, response, text)
}
