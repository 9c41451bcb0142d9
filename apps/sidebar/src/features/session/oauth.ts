/**
 * Signing in through WeCom OAuth2: a full-page trip to
 * `/api/auth/oauth/start?return=<path>`, which comes back to `<path>` with
 * a session cookie. The return path is where the page was, query and hash
 * included, so a visit opened from a link comes back to that visit.
 */

/** Where the page is, as a same-origin path: `/sidebar/?chat=…#/visits/V1`. */
export function currentReturnPath(location: {
  pathname: string
  search: string
  hash: string
}): string {
  return `${location.pathname}${location.search}${location.hash}`
}

/**
 * Only a path on this origin may be a return path: `//evil.example` and
 * `/\evil.example` are other hosts to a browser. Anything else falls back to
 * the sidebar's root.
 */
export function safeReturnPath(path: string, fallback = '/sidebar/'): string {
  if (
    !path.startsWith('/') ||
    path.startsWith('//') ||
    path.startsWith('/\\')
  ) {
    return fallback
  }
  return path
}

/** The URL that starts the sign-in and comes back to `returnPath`. */
export function oauthStartUrl(returnPath: string): string {
  return `/api/auth/oauth/start?return=${encodeURIComponent(
    safeReturnPath(returnPath),
  )}`
}

/** Where the last sign-in attempt is remembered, to stop a redirect loop. */
export const ATTEMPT_KEY = 'petcare.sidebar.oauthAttempt'
/** Another trip within this long means the last one did not take. */
export const ATTEMPT_WINDOW_MS = 60_000

/**
 * Whether to leave for the sign-in page now. If the last trip was less than
 * a minute ago, the cookie did not take (blocked third-party cookies, a
 * clock far off), and going again would loop: the page shows a button
 * instead. Records the attempt when it says yes.
 */
export function mayStartSignIn(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  now: number,
): boolean {
  const last = Number(storage.getItem(ATTEMPT_KEY) ?? 0)
  if (
    Number.isFinite(last) &&
    now - last >= 0 &&
    now - last < ATTEMPT_WINDOW_MS
  ) {
    return false
  }
  storage.setItem(ATTEMPT_KEY, String(now))
  return true
}

/** Forgets the attempt once signed in, so a later expiry signs in again. */
export function clearSignInAttempt(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(ATTEMPT_KEY)
}
