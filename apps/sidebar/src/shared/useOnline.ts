import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** Whether the browser thinks it is online, kept up to date by its events. */
export function useOnline(): { online: Ref<boolean> } {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const update = () => (online.value = navigator.onLine)

  onMounted(() => {
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', update)
    window.removeEventListener('offline', update)
  })

  return { online }
}
