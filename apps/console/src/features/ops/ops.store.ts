import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { type ApiError, toApiError } from '../../shared/http'
import { fetchOpsSummary, type OpsSummary } from './ops.api'

export type LoadState = 'idle' | 'loading' | 'done' | 'error'

/** `/api/ops/summary`: the server's mode and its callback event counts. */
export const useOpsStore = defineStore('ops', () => {
  const state = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** The last summary that loaded; kept while a refresh runs or fails. */
  const summary = ref<OpsSummary | null>(null)
  const loadedAt = ref<Date | null>(null)

  const isDemo = computed(() => summary.value?.mode === 'demo')
  const hasEvents = computed(() => (summary.value?.events.total ?? 0) > 0)
  const byType = computed(() =>
    [...(summary.value?.events.byType ?? [])].sort(
      (a, b) =>
        b.count - a.count ||
        a.event.localeCompare(b.event) ||
        (a.changeType ?? '').localeCompare(b.changeType ?? ''),
    ),
  )
  const byStatus = computed(() =>
    [...(summary.value?.events.byStatus ?? [])].sort(
      (a, b) => b.count - a.count || a.status.localeCompare(b.status),
    ),
  )

  /** Only the latest call may write its result. */
  let latest = 0

  async function load(): Promise<void> {
    const call = ++latest
    state.value = 'loading'
    error.value = null
    try {
      const next = await fetchOpsSummary()
      if (call !== latest) return
      summary.value = next
      loadedAt.value = new Date()
      state.value = 'done'
    } catch (caught) {
      if (call !== latest) return
      error.value = toApiError(caught)
      state.value = 'error'
    }
  }

  return {
    state,
    error,
    summary,
    loadedAt,
    isDemo,
    hasEvents,
    byType,
    byStatus,
    load,
  }
})
