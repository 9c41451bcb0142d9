import type { ChatMessage, ChatTarget, WecomBridge } from './bridge'

/** What tests read on `window.__wecomBridge`. */
export interface DemoBridgeProbe {
  kind: 'demo'
  target: ChatTarget | null
  sent: ChatMessage[]
}

declare global {
  interface Window {
    __wecomBridge?: DemoBridgeProbe
  }
}

/**
 * The WeCom client as a plain browser pretends to be it in demo mode: the
 * chat is the one picked (or given as `?chat=`), and a sent message is kept
 * on `window.__wecomBridge.sent` and announced by `onSent` (a toast).
 */
export function createDemoBridge(
  getTarget: () => ChatTarget | null,
  onSent: (message: ChatMessage) => void,
): WecomBridge {
  const probe: DemoBridgeProbe = { kind: 'demo', target: null, sent: [] }
  if (typeof window !== 'undefined') window.__wecomBridge = probe

  function current(): ChatTarget {
    const target = getTarget()
    probe.target = target
    if (!target) throw new Error('demo bridge: no chat picked')
    return target
  }

  return {
    kind: 'demo',
    async getContext() {
      return {
        entry:
          current().kind === 'contact'
            ? 'single_chat_tools'
            : 'group_chat_tools',
      }
    },
    async getCurExternalContact() {
      const target = current()
      if (target.kind !== 'contact') {
        throw new Error(
          'getCurExternalContact:fail without context of external contact',
        )
      }
      return { userId: target.id }
    },
    async getCurExternalChat() {
      const target = current()
      if (target.kind !== 'group') {
        throw new Error('getCurExternalChat:fail without context of group chat')
      }
      return { chatId: target.id }
    },
    async sendChatMessage(message) {
      current()
      probe.sent.push(structuredClone(message))
      onSent(message)
    },
  }
}
