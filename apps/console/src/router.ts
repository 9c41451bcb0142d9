import { createRouter, createWebHashHistory } from 'vue-router'
import OverviewPage from './pages/OverviewPage.vue'
import type { PageName } from './shared/menu'

declare module 'vue-router' {
  interface RouteMeta {
    page?: PageName
  }
}

/**
 * Hash routes: the server serves only `/console/index.html` and the
 * assets, so a reload of `/console/#/leaderboard?week=…` lands on the same
 * page without the server knowing the console's pages. Route names are the
 * menu's page names (shared/menu.ts), which decides who may open which; a
 * page that is not in the menu names the menu page it belongs to in
 * `meta.page`.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'overview', component: OverviewPage },
    {
      path: '/leaderboard',
      name: 'leaderboard',
      component: () => import('./pages/LeaderboardPage.vue'),
    },
    {
      path: '/repurchase',
      name: 'repurchase',
      component: () => import('./pages/RepurchasePage.vue'),
    },
    {
      path: '/lost',
      name: 'lost',
      component: () => import('./pages/LostPage.vue'),
    },
    {
      path: '/groups',
      name: 'groups',
      component: () => import('./pages/GroupProblemsPage.vue'),
    },
    {
      // A group's page belongs to 一客一群: whoever may open that may open
      // it, and the menu shows where it is.
      path: '/groups/:chatId',
      name: 'group',
      component: () => import('./pages/GroupDetailPage.vue'),
      meta: { page: 'groups' },
    },
    {
      path: '/quiet-groups',
      name: 'quiet-groups',
      component: () => import('./pages/QuietGroupsPage.vue'),
    },
    {
      path: '/follow-ups',
      name: 'follow-ups',
      component: () => import('./pages/FollowUpsPage.vue'),
    },
    {
      path: '/quick-replies',
      name: 'quick-replies',
      component: () => import('./pages/QuickRepliesPage.vue'),
    },
    {
      path: '/moments',
      name: 'moments',
      component: () => import('./pages/MomentsPage.vue'),
    },
    {
      path: '/protocol',
      name: 'protocol',
      component: () => import('./pages/ProtocolPage.vue'),
    },
    {
      path: '/audit',
      name: 'audit',
      component: () => import('./pages/AuditPage.vue'),
    },
    {
      path: '/events',
      name: 'events',
      component: () => import('./pages/EventLogPage.vue'),
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})
