import { defineStore } from 'pinia'
import { ref } from 'vue'

/** One short message in the corner, gone after a few seconds. */
export const useToastStore = defineStore('toast', () => {
  const text = ref<string | null>(null)
  const tone = ref<'ok' | 'error'>('ok')
  let timer: ReturnType<typeof setTimeout> | undefined

  function show(message: string, kind: 'ok' | 'error' = 'ok', ms = 4000) {
    text.value = message
    tone.value = kind
    clearTimeout(timer)
    timer = setTimeout(() => (text.value = null), ms)
  }

  function hide() {
    clearTimeout(timer)
    text.value = null
  }

  return { text, tone, show, hide }
})
