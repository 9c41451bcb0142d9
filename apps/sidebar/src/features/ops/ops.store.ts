import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { type ApiError, toApiError } from '../../shared/http'
import {
  fetchHealth,
  fetchOpsSummary,
  type Health,
  type OpsSummary,
} from './ops.api'

export type LoadState = 'idle' | 'loading' | 'done' | 'error'

/** The server status card: `/healthz` and `/api/ops/summary`. */
export const useOpsStore = defineStore('ops', () => {
  const state = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  const health = ref<Health | null>(null)
  const summary = ref<OpsSummary | null>(null)
  const checkedAt = ref<Date | null>(null)

  const isDemo = computed(() => summary.value?.mode === 'demo')

  /** Only the latest call may write its result. */
  let latest = 0

  async function load(): Promise<void> {
    const call = ++latest
    state.value = 'loading'
    error.value = null
    try {
      const [nextHealth, nextSummary] = await Promise.all([
        fetchHealth(),
        fetchOpsSummary(),
      ])
      if (call !== latest) return
      health.value = nextHealth
      summary.value = nextSummary
      checkedAt.value = new Date()
      state.value = 'done'
    } catch (caught) {
      if (call !== latest) return
      error.value = toApiError(caught)
      state.value = 'error'
    }
  }

  return { state, error, health, summary, checkedAt, isDemo, load }
})
