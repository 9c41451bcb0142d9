/**
 * What the sidebar needs from WeCom, as one interface with two makers: the
 * real JS-SDK inside the WeCom client (`jssdk-bridge.ts`, loaded on demand)
 * and the demo stand-in for a plain browser (`demo-bridge.ts`).
 */

/** `sendChatMessage` payloads the sidebar sends (PROTOCOL.md §4.3). */
export type ChatMessage =
  | { msgtype: 'text'; text: { content: string } }
  /** `mediaid` from the server's upload of the image (it lasts 3 days). */
  | { msgtype: 'image'; image: { mediaid: string } }
  | {
      msgtype: 'news'
      news: { link: string; title: string; desc: string; imgUrl: string }
    }

export interface WecomBridge {
  readonly kind: 'wecom' | 'demo'
  /** The entry the page was opened from, e.g. `single_chat_tools`. */
  getContext(): Promise<{ entry: string }>
  /** The customer of the single chat (external_userid). */
  getCurExternalContact(): Promise<{ userId: string }>
  /** The customer group of the group chat. */
  getCurExternalChat(): Promise<{ chatId: string }>
  /** Puts a message into the current chat; rejects when WeCom refuses. */
  sendChatMessage(message: ChatMessage): Promise<void>
}

/** The chat the sidebar is showing. */
export type ChatTarget =
  { kind: 'contact'; id: string } | { kind: 'group'; id: string }

/** Where the page runs, which decides the bridge. */
export type Environment = 'wecom' | 'demo' | 'outside'

/** The WeCom client's webview says `wxwork/<version>` in its user agent. */
export function isWeComUserAgent(userAgent: string): boolean {
  return /\bwxwork\//i.test(userAgent)
}

/**
 * Which bridge to use: the real one inside WeCom (whatever the server's
 * mode), the demo one in a plain browser against a demo server, otherwise
 * none: the page explains how to open it inside WeCom.
 */
export function chooseEnvironment(
  userAgent: string,
  demoAvailable: boolean,
): Environment {
  if (isWeComUserAgent(userAgent)) return 'wecom'
  return demoAvailable ? 'demo' : 'outside'
}

const SINGLE_CHAT_ENTRIES = new Set(['single_chat_tools', 'contact_profile'])
const GROUP_CHAT_ENTRIES = new Set(['group_chat_tools'])

/** What an entry lets the sidebar ask for: a contact, a group, or neither. */
export function chatKindOfEntry(entry: string): ChatTarget['kind'] | null {
  if (SINGLE_CHAT_ENTRIES.has(entry)) return 'contact'
  if (GROUP_CHAT_ENTRIES.has(entry)) return 'group'
  return null
}

/**
 * Reads the demo's `?chat=contact:<externalUserId>` or `?chat=group:<chatId>`;
 * null when absent or malformed.
 */
export function parseChatParam(value: string | null): ChatTarget | null {
  const match = /^(contact|group):(.+)$/.exec(value?.trim() ?? '')
  if (!match) return null
  return { kind: match[1] as ChatTarget['kind'], id: match[2]! }
}

/** The `?chat=` value of a target: the inverse of `parseChatParam`. */
export function chatParam(target: ChatTarget): string {
  return `${target.kind}:${target.id}`
}
