import { defineStore } from 'pinia'
import { ref } from 'vue'

/** One short message at the bottom of the screen, gone after a few seconds. */
export const useToastStore = defineStore('toast', () => {
  const text = ref<string | null>(null)
  const tone = ref<'ok' | 'error'>('ok')
  let timer: ReturnType<typeof setTimeout> | undefined

  function show(message: string, kind: 'ok' | 'error' = 'ok', ms = 2600) {
    text.value = message
    tone.value = kind
    clearTimeout(timer)
    timer = setTimeout(() => (text.value = null), ms)
  }

  return { text, tone, show }
})
