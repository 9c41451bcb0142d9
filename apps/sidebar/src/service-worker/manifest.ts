/**
 * What a build's service worker precaches, written into sw.js at build time
 * (src/service-worker/vite-plugin.ts). A new build has new hashed names and so a new
 * version, and sw.js changes with it: that is what makes a browser install
 * the new shell.
 */
export interface ShellManifest {
  /** Names the worker's cache; the same files give the same version. */
  version: string
  /** The entry script in index.html, to tell this build's page from another's. */
  entry: string
  /** Scope-relative URLs of the hashed files, `assets/index-….js`. */
  assets: string[]
}

/** The cache of one shell version; the worker drops the others on activation. */
export const SHELL_CACHE_PREFIX = 'sidebar-shell-'
