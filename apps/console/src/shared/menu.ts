import type { ConsoleLevel } from '@petcare/shared'

/**
 * The console's pages and who may open them. The server scopes every
 * answer already; this only keeps a page out of the menu (and the router)
 * for a level it would show nothing useful to.
 */
export type PageName =
  'overview' | 'leaderboard' | 'repurchase' | 'groups' | 'audit' | 'events'

export interface MenuItem {
  name: PageName
  path: string
  levels: readonly ConsoleLevel[]
}

/**
 * Menu sections in order. Later rounds add to them: quiet groups, follow-ups
 * and lost customers under `customers`, the quick-reply library and
 * customer moments under `content` (a new section), so the shape is fixed
 * here rather than in the layout.
 */
export interface MenuSection {
  key: 'home' | 'growth' | 'customers' | 'system'
  items: MenuItem[]
}

const ALL: readonly ConsoleLevel[] = ['head_office', 'region', 'store']

export const MENU: readonly MenuSection[] = [
  {
    key: 'home',
    items: [{ name: 'overview', path: '/', levels: ALL }],
  },
  {
    key: 'growth',
    items: [
      { name: 'leaderboard', path: '/leaderboard', levels: ALL },
      { name: 'repurchase', path: '/repurchase', levels: ALL },
    ],
  },
  {
    key: 'customers',
    items: [{ name: 'groups', path: '/groups', levels: ALL }],
  },
  {
    key: 'system',
    items: [
      // Everyone answers for the record openings in their own scope (the
      // server narrows them to the user's hospitals).
      { name: 'audit', path: '/audit', levels: ALL },
      // Callbacks are corp-wide and carry no region, so only head office.
      { name: 'events', path: '/events', levels: ['head_office'] },
    ],
  },
]

/** The menu a level sees: sections with nothing left in them are dropped. */
export function visibleMenu(
  level: ConsoleLevel,
  menu: readonly MenuSection[] = MENU,
): MenuSection[] {
  return menu
    .map((section) => ({
      ...section,
      items: section.items.filter((item) => item.levels.includes(level)),
    }))
    .filter((section) => section.items.length > 0)
}

/** Whether a level may open a page. */
export function mayOpen(name: string, level: ConsoleLevel): boolean {
  return MENU.some((section) =>
    section.items.some(
      (item) => item.name === name && item.levels.includes(level),
    ),
  )
}
