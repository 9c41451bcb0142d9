/// <reference types="jest" />
import { mayOpen, menuPageOf, visibleMenu } from './menu'

const names = (level: Parameters<typeof visibleMenu>[0]) =>
  visibleMenu(level).flatMap((section) => section.items.map((i) => i.name))

describe('the menu by level', () => {
  it('shows head office every page', () => {
    expect(names('head_office')).toEqual([
      'overview',
      'leaderboard',
      'repurchase',
      'lost',
      'groups',
      'quiet-groups',
      'follow-ups',
      'quick-replies',
      'moments',
      'protocol',
      'audit',
      'events',
    ])
  })

  it('keeps the callback log from a region admin', () => {
    expect(names('region')).toContain('audit')
    expect(names('region')).not.toContain('events')
    expect(mayOpen('events', 'region')).toBe(false)
  })

  it('shows a store manager its reports and audit but not callbacks', () => {
    expect(names('store')).toEqual([
      'overview',
      'leaderboard',
      'repurchase',
      'lost',
      'groups',
      'quiet-groups',
      'follow-ups',
      'quick-replies',
      'moments',
      'protocol',
      'audit',
    ])
    expect(mayOpen('events', 'store')).toBe(false)
    expect(mayOpen('leaderboard', 'store')).toBe(true)
  })

  it('keeps section order and drops no section that still has a page', () => {
    expect(visibleMenu('store').map((s) => s.key)).toEqual([
      'home',
      'growth',
      'customers',
      'content',
      'system',
    ])
  })

  it('drops a section that is left empty', () => {
    const menu = visibleMenu('region', [
      {
        key: 'system',
        items: [{ name: 'events', path: '/events', levels: ['head_office'] }],
      },
      {
        key: 'home',
        items: [{ name: 'overview', path: '/', levels: ['region'] }],
      },
    ])
    expect(menu.map((s) => s.key)).toEqual(['home'])
  })

  it('opens no page it does not know', () => {
    expect(mayOpen('quiet', 'head_office')).toBe(false)
  })
})

describe('menuPageOf', () => {
  it('places a page outside the menu under the menu page it belongs to', () => {
    const group = { name: 'group', meta: { page: 'groups' as const } }
    expect(menuPageOf(group)).toBe('groups')
    expect(menuPageOf({ name: 'audit', meta: {} })).toBe('audit')
    // Whoever may open 一客一群 may open a group's page; a page in no
    // menu at all opens for no one.
    expect(mayOpen(menuPageOf(group), 'store')).toBe(true)
    expect(mayOpen(menuPageOf({ name: 'group', meta: {} }), 'store')).toBe(
      false,
    )
  })
})
