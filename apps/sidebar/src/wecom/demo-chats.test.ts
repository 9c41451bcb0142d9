/// <reference types="jest" />
import type { DemoChats, SidebarView } from '@petcare/shared'
import {
  contactDetail,
  demoChatName,
  groupDetail,
  pickerNotice,
} from './demo-chats'

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

describe('the demo picker', () => {
  const contact = (overrides: Partial<DemoChats['contacts'][number]>) => ({
    externalUserId: 'wm1',
    name: 'Amy.W',
    customerId: null,
    hospital: null,
    petNames: [],
    ...overrides,
  })

  it('tells customers of one name apart by record, pets and hospital', () => {
    // Regression: four Amy.W in a row, with nothing else to go on.
    expect(
      contactDetail(
        contact({
          customerId: 'C10204',
          hospital: '上海徐汇店',
          petNames: ['豆豆', '团子'],
        }),
      ),
    ).toBe('C10204 · 豆豆、团子 · 上海徐汇店')
    expect(contactDetail(contact({ customerId: 'C10312' }))).toBe('C10312')
    expect(contactDetail(contact({}))).toBe('未绑定档案')
    expect(groupDetail({ chatId: 'wr1', name: 'g', owner: '周晨' })).toBe(
      '群主 周晨',
    )
  })

  it('says why the list is empty: not synced, nothing to open, or no match', () => {
    const chats = (over: Partial<DemoChats>): DemoChats => ({
      ready: true,
      more: false,
      contacts: [],
      groups: [],
      ...over,
    })
    // Regression: a region admin with no chat of their own was told the
    // demo was still syncing, 15 minutes after the start.
    expect(pickerNotice(chats({}), '')).toBe('no-chats')
    expect(pickerNotice(chats({}), ' 阿花 ')).toBe('no-match')
    expect(pickerNotice(chats({ ready: false }), '')).toBe('not-ready')
    expect(pickerNotice(null, '')).toBe('not-ready')
    expect(
      pickerNotice(
        chats({ groups: [{ chatId: 'wr1', name: 'g', owner: null }] }),
        '',
      ),
    ).toBeNull()
  })
})
