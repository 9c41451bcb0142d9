/// <reference types="jest" />
import type { DemoChats, SidebarView } from '@petcare/shared'
import { demoChatName } from './demo-chats'

const contactView = (externalUserId: string, name: string) =>
  ({
    kind: 'contact',
    contact: { externalUserId, name },
  }) as SidebarView
const groupView = (chatId: string, name: string) =>
  ({ kind: 'group', group: { chatId, name } }) as SidebarView

describe('demoChatName', () => {
  it('names a chat opened with ?chat= that the picker does not list, from its view', () => {
    // Regression: the banner read "正在模拟：wmcKVeFK…".
    const chats: DemoChats = {
      contacts: [],
      groups: [],
    } as unknown as DemoChats
    expect(
      demoChatName(
        { kind: 'contact', id: 'wmcKVeFK' },
        contactView('wmcKVeFK', 'Amy.W'),
        chats,
      ),
    ).toBe('Amy.W')
    expect(
      demoChatName(
        { kind: 'group', id: 'wr1' },
        groupView('wr1', 'C10028-小白-发烧'),
        null,
      ),
    ).toBe('C10028-小白-发烧')
  })

  it('takes the picker’s name while the view is another chat’s, and the id last', () => {
    const chats = {
      contacts: [{ externalUserId: 'wm2', name: '静静' }],
      groups: [],
    } as unknown as DemoChats
    const stale = contactView('wm1', 'Amy.W')
    expect(demoChatName({ kind: 'contact', id: 'wm2' }, stale, chats)).toBe(
      '静静',
    )
    expect(demoChatName({ kind: 'contact', id: 'wm3' }, stale, chats)).toBe(
      'wm3',
    )
    expect(demoChatName({ kind: 'group', id: 'wm1' }, stale, null)).toBe('wm1')
  })
})
