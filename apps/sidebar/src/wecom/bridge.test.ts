/// <reference types="jest" />
import {
  chatKindOfEntry,
  chatParam,
  chooseEnvironment,
  isWeComUserAgent,
  parseChatParam,
} from './bridge'
import { createDemoBridge } from './demo-bridge'

const WECOM =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130 Mobile wxwork/4.1.30 MicroMessenger/7.0.1'
const WECHAT = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36'

describe('chooseEnvironment', () => {
  it.each([
    [WECOM, true, 'wecom'],
    [WECOM, false, 'wecom'],
    [WECHAT, true, 'demo'],
    [CHROME, true, 'demo'],
    [CHROME, false, 'outside'],
  ] as const)('%s, demo %p → %s', (ua, demo, expected) => {
    expect(chooseEnvironment(ua, demo)).toBe(expected)
  })

  it('does not take WeChat for WeCom', () => {
    expect(isWeComUserAgent(WECHAT)).toBe(false)
    expect(isWeComUserAgent(WECOM)).toBe(true)
  })
})

describe('chatKindOfEntry', () => {
  it.each([
    ['single_chat_tools', 'contact'],
    ['contact_profile', 'contact'],
    ['group_chat_tools', 'group'],
    ['normal', null],
    ['chat_attachment', null],
    ['single_kf_tools', null],
  ])('%s → %p', (entry, kind) => {
    expect(chatKindOfEntry(entry)).toBe(kind)
  })
})

describe('parseChatParam', () => {
  it('reads a contact and a group, and round-trips', () => {
    expect(parseChatParam('contact:wmAbc-1')).toEqual({
      kind: 'contact',
      id: 'wmAbc-1',
    })
    expect(parseChatParam('group:wr:odd')).toEqual({
      kind: 'group',
      id: 'wr:odd',
    })
    expect(chatParam({ kind: 'group', id: 'wr1' })).toBe('group:wr1')
  })

  it.each([null, '', 'contact:', 'user:wm1', 'wm1'])('ignores %p', (value) => {
    expect(parseChatParam(value)).toBeNull()
  })
})

describe('createDemoBridge', () => {
  it('answers like WeCom for the picked chat and records what is sent', async () => {
    const sent: unknown[] = []
    let target: { kind: 'contact' | 'group'; id: string } | null = {
      kind: 'contact',
      id: 'wm1',
    }
    const bridge = createDemoBridge(
      () => target,
      (m) => sent.push(m),
    )

    await expect(bridge.getContext()).resolves.toEqual({
      entry: 'single_chat_tools',
    })
    await expect(bridge.getCurExternalContact()).resolves.toEqual({
      userId: 'wm1',
    })
    await expect(bridge.getCurExternalChat()).rejects.toThrow(
      /getCurExternalChat:fail/,
    )
    await bridge.sendChatMessage({ msgtype: 'text', text: { content: '你好' } })
    expect(sent).toEqual([{ msgtype: 'text', text: { content: '你好' } }])

    target = { kind: 'group', id: 'wr1' }
    await expect(bridge.getContext()).resolves.toEqual({
      entry: 'group_chat_tools',
    })
    await expect(bridge.getCurExternalChat()).resolves.toEqual({
      chatId: 'wr1',
    })
  })
})
