import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { messages } from './shared/i18n'
import './styles.css'

document.title = messages.app.documentTitle

createApp(App).use(createPinia()).mount('#app')
