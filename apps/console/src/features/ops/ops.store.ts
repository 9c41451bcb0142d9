import { fetchOpsSummary, type OpsSummary, useLoad } from '@petcare/web'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** `/api/ops/summary`: the server's mode and its callback event counts. */
export const useOpsStore = defineStore('ops', () => {
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

  const { state, error, load } = useLoad(fetchOpsSummary, (next) => {
    summary.value = next
    loadedAt.value = new Date()
  })

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
