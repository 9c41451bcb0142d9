import { createRouter, createWebHashHistory } from 'vue-router'
import ChatPage from './pages/ChatPage.vue'

/**
 * Hash routes: the JS-SDK signs `location.href` without its hash, so moving
 * between these pages never asks the server for a new signature.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'chat', component: ChatPage },
    {
      path: '/visits/:visitId',
      name: 'visit',
      component: () => import('./pages/VisitPage.vue'),
      props: true,
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})
