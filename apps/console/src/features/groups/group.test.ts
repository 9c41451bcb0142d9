/// <reference types="jest" />
import type {
  GroupDetail,
  GroupHistoryEntry,
  GroupMember,
} from '@petcare/shared'
import {
  backOf,
  filterMembers,
  historyWord,
  memberCounts,
  otherRoles,
  pageCount,
  roleChecks,
} from './group'

function member(id: string, patch: Partial<GroupMember> = {}): GroupMember {
  return {
    id,
    type: 'member',
    name: id,
    role: null,
    isOwner: false,
    joinedAt: '2026-12-01T02:00:00Z',
    joinScene: 'invited',
    invitor: null,
    ...patch,
  }
}

function entry(patch: Partial<GroupHistoryEntry>): GroupHistoryEntry {
  return {
    kind: 'left',
    at: '2026-12-01T02:00:00Z',
    member: { id: 'DrLi', type: 'member', name: '李医生' },
    joinScene: null,
    invitor: null,
    quitScene: null,
    estimated: false,
    ...patch,
  }
}

describe('backOf', () => {
  const names: Record<string, string> = {
    '/quiet-groups': 'quiet-groups',
    '/groups': 'groups',
    '/events': 'events',
    '/leaderboard?week=2026-W50': 'leaderboard',
  }
  const nameOf = (path: string) => names[path]
  const anything = () => true

  it('goes back to the list of groups the user came from', () => {
    expect(backOf('/quiet-groups', nameOf, anything)).toEqual({
      path: '/quiet-groups',
      list: 'quiet-groups',
      fromHistory: true,
    })
    expect(backOf('/events', nameOf, anything).list).toBe('events')
  })

  // A region admin redirected from #/events was offered ‹ 返回回调日志.
  it('never goes back to a list the user may not open', () => {
    const notEvents = (list: string) => list !== 'events'
    expect(backOf('/events', nameOf, notEvents)).toEqual({
      path: '/groups',
      list: 'groups',
      fromHistory: false,
    })
    expect(backOf('/quiet-groups', nameOf, notEvents).list).toBe('quiet-groups')
  })

  it.each([null, undefined, '/leaderboard?week=2026-W50', 42])(
    'goes to 一客一群 from anywhere else (%p)',
    (back) => {
      expect(backOf(back, nameOf, anything)).toEqual({
        path: '/groups',
        list: 'groups',
        fromHistory: false,
      })
    },
  )
})

describe('the members', () => {
  const members = [
    member('ZhangWei', { role: 'butler', isOwner: true }),
    member('wmCustomer1', { type: 'customer' }),
    member('DrLi', { role: 'doctor' }),
  ]

  it('counts and filters members and customers', () => {
    expect(memberCounts(members)).toEqual({ member: 2, customer: 1 })
    expect(filterMembers(members, 'customer').map((m) => m.id)).toEqual([
      'wmCustomer1',
    ])
    expect(filterMembers(members, 'member')).toHaveLength(2)
    expect(filterMembers(members, 'all')).toEqual(members)
  })
})

describe('the history', () => {
  it('says a removal apart from a leaving', () => {
    expect(historyWord(entry({ quitScene: 'removed' }))).toBe('removed')
    expect(historyWord(entry({ quitScene: 'left' }))).toBe('left')
    expect(historyWord(entry({ quitScene: null, estimated: true }))).toBe(
      'left',
    )
    expect(historyWord(entry({ kind: 'renamed', member: null }))).toBe(
      'renamed',
    )
  })

  it.each([
    [0, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [312, 50, 7],
  ])('makes %i lines of %i a page into %i pages', (total, size, pages) => {
    expect(pageCount(total, size)).toBe(pages)
  })
})

describe('the roles', () => {
  const group = {
    missingRoles: ['front_desk', 'nurse'],
    rolesPresent: ['butler', 'doctor', 'store_manager'],
  } as GroupDetail['group']

  it('checks the four roles every group needs, in order', () => {
    expect(roleChecks(group)).toEqual([
      { role: 'butler', present: true },
      { role: 'front_desk', present: false },
      { role: 'doctor', present: true },
      { role: 'nurse', present: false },
    ])
  })

  it('names the other roles in the group', () => {
    expect(otherRoles(group)).toEqual(['store_manager'])
  })
})
