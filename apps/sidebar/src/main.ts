import { onUnauthenticated } from '@petcare/web'
import { createPinia } from 'pinia'
import { createApp, watch } from 'vue'
import App from './App.vue'
import { useRecordStore } from './features/record/record.store'
import { useSessionStore } from './features/session/session.store'
import { router } from './router'
import { registerShellWorker } from './service-worker/register'
import { messages } from './shared/i18n'
import { markOnce } from './shared/timing'
import { useToastStore } from './shared/toast.store'
import { useChatStore } from './wecom/chat.store'
import './styles.css'

markOnce('script')
document.title = messages.app.documentTitle

const pinia = createPinia()
const app = createApp(App).use(pinia).use(router)

// No session, or an expired one: sign in through WeCom and come back here.
onUnauthenticated(() => useSessionStore(pinia).startSignIn())

// The last resort: stores record their own failures, so anything that gets
// here is a bug; say something rather than fail silently.
app.config.errorHandler = (error) => {
  useToastStore(pinia).show(String(error), 'error')
  if (import.meta.env.DEV) throw error
}

app.mount('#app')

// Not before the first screen: the worker's install downloads every file of
// the build, which must not compete with the chat's data.
registerShellWorker(firstScreen())

/**
 * Settles once the page shows something other than its skeleton (the pet
 * file, a picker, an error, the sign-in) or after 10 s, whichever is first.
 */
function firstScreen(): Promise<void> {
  const chat = useChatStore(pinia)
  const record = useRecordStore(pinia)
  return new Promise((done) => {
    const timer = setTimeout(done, 10_000)
    const stop = watch(
      () => chat.phase !== 'starting' && record.state !== 'loading',
      (shown) => {
        if (!shown) return
        clearTimeout(timer)
        stop()
        done()
      },
    )
  })
}
