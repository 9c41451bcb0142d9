/**
 * Registers the app shell's service worker (worker.ts, built to sw.js) once
 * `firstScreen` settles: its first install downloads every file of the
 * build, which must not compete with the chat's data on a slow network.
 *
 * Nothing happens in development (there is no sw.js, and a cached shell
 * would hide edits) or where there are no service workers: some WeCom
 * webviews (iOS WKWebView) have no `navigator.serviceWorker`, and neither
 * has a page outside a secure context. The sidebar works the same without.
 */
export function registerShellWorker(firstScreen: Promise<unknown>): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return
  const base = import.meta.env.BASE_URL
  void firstScreen.then(() =>
    navigator.serviceWorker
      .register(`${base}sw.js`, { scope: base })
      // A webview that refuses (storage off, private mode) just goes
      // without; there is nothing for the butler to do about it.
      .catch(() => undefined),
  )
}
