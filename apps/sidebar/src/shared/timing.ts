/**
 * Performance marks on the way to the pet file, so a trace (or
 * `pnpm bench:sidebar-ui`) shows where a load spends its time:
 * `sidebar:script` (the app's script runs), `sidebar:session` (who is
 * signed in), `sidebar:chat` (which chat), `sidebar:record` (its data) and
 * `sidebar:pet-file` (on screen). Each is marked once per page.
 */
export type TimingMark = 'script' | 'session' | 'chat' | 'record' | 'pet-file'

export function markOnce(name: TimingMark): void {
  const full = `sidebar:${name}`
  if (typeof performance === 'undefined' || !performance.mark) return
  if (performance.getEntriesByName(full, 'mark').length > 0) return
  performance.mark(full)
}
