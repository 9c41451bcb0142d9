import { onUnauthenticated } from '@petcare/web'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { useSessionStore } from './features/session/session.store'
import { router } from './router'
import { messages } from './shared/i18n'
import { mayOpen, menuPageOf } from './shared/menu'
import { useToastStore } from './shared/toast.store'
import './styles.css'

document.title = messages.app.documentTitle

const pinia = createPinia()
const app = createApp(App).use(pinia).use(router)
const session = useSessionStore(pinia)

// The session ended while the page was open: the sign-in page takes over
// where the user is, and brings them back here.
onUnauthenticated(() => session.expired())

// A page the user's level may not open (an old bookmark, a shared link)
// becomes the overview rather than a page of 403s.
router.beforeEach((to) => {
  const level = session.level
  if (level && typeof to.name === 'string' && !mayOpen(menuPageOf(to), level)) {
    return { name: 'overview' }
  }
  return true
})

// The last resort: stores record their own failures, so anything that gets
// here is a bug; say something rather than fail silently.
app.config.errorHandler = (error) => {
  useToastStore(pinia).show(String(error), 'error')
  if (import.meta.env.DEV) throw error
}

app.mount('#app')
// The guard had no level to go by on the first navigation: check it again
// once both the session and that navigation are settled.
void Promise.all([session.load(), router.isReady()]).then(() => {
  const route = router.currentRoute.value
  if (session.level && typeof route.name === 'string') {
    if (!mayOpen(menuPageOf(route), session.level)) {
      void router.replace({ name: 'overview' })
    }
  }
})
