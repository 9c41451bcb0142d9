import { onUnauthenticated } from '@petcare/web'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { useSessionStore } from './features/session/session.store'
import { router } from './router'
import { messages } from './shared/i18n'
import { useToastStore } from './shared/toast.store'
import './styles.css'

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
