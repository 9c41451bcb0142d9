/**
 * What the sidebar and the console share: the API client, formatting, the
 * error state, the ops API and quick-reply templates. Browser code on Vue;
 * nothing of the server.
 * The base styles are `@petcare/web/base.css`.
 */
export * from './error-text'
export * from './format'
export * from './http'
export * from './load'
export * from './ops.api'
export * from './template'

/**
 * The panel a page shows when a request failed: what went wrong, the error
 * code and request id for support, and a retry button (emits `retry`).
 */
export { default as ErrorState } from './ui/ErrorState.vue'
