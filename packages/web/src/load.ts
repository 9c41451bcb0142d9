import { ref, type Ref, shallowRef, type ShallowRef } from 'vue'
import { type ApiError, toApiError } from './http'

/** Where a load stands: not started, running, finished or failed. */
export type LoadState = 'idle' | 'loading' | 'done' | 'error'

/** The state, the error and the `load` action that `useLoad` gives a store. */
export interface Load {
  state: Ref<LoadState>
  /** The last call's failure; null while loading and after a success. */
  error: ShallowRef<ApiError | null>
  load: () => Promise<void>
}

/**
 * The loading half of a store: `load()` runs `task` and hands its result to
 * `apply`. When calls overlap, only the latest may write its result or error,
 * so a slow earlier answer never overwrites a newer one.
 */
export function useLoad<T>(
  task: () => Promise<T>,
  apply: (result: T) => void,
): Load {
  const state = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)

  /** Only the latest call may write its result. */
  let latest = 0

  async function load(): Promise<void> {
    const call = ++latest
    state.value = 'loading'
    error.value = null
    try {
      const result = await task()
      if (call !== latest) return
      apply(result)
      state.value = 'done'
    } catch (caught) {
      if (call !== latest) return
      error.value = toApiError(caught)
      state.value = 'error'
    }
  }

  return { state, error, load }
}
