import {
  fetchHealth,
  fetchOpsSummary,
  type Health,
  type OpsSummary,
  useLoad,
} from '@petcare/web'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** The server status card: `/healthz` and `/api/ops/summary`. */
export const useOpsStore = defineStore('ops', () => {
  const health = ref<Health | null>(null)
  const summary = ref<OpsSummary | null>(null)
  const checkedAt = ref<Date | null>(null)

  const isDemo = computed(() => summary.value?.mode === 'demo')

  const { state, error, load } = useLoad(
    () => Promise.all([fetchHealth(), fetchOpsSummary()]),
    ([nextHealth, nextSummary]) => {
      health.value = nextHealth
      summary.value = nextSummary
      checkedAt.value = new Date()
    },
  )

  return { state, error, health, summary, checkedAt, isDemo, load }
})
