import type { AppInfo, DemoChats, JssdkSignature } from '@petcare/shared'
import {
  type ApiError,
  getJson,
  postJson,
  toApiError,
  useLoad,
} from '@petcare/web'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { useRecordStore } from '../features/record/record.store'
import { useSessionStore } from '../features/session/session.store'
import { messages } from '../shared/i18n'
import { getPrefetchedJson } from '../shared/prefetch'
import { markOnce } from '../shared/timing'
import { useToastStore } from '../shared/toast.store'
import {
  type ChatMessage,
  type ChatTarget,
  type Environment,
  type WecomBridge,
  chatKindOfEntry,
  chatParam,
  isWeComUserAgent,
  parseChatParam,
} from './bridge'
import { createDemoBridge } from './demo-bridge'

/** How far the start has come. */
export type ChatPhase =
  | 'starting'
  | 'signing-in'
  | 'picking'
  | 'ready'
  | 'unsupported'
  | 'outside'
  | 'error'

/**
 * The server's mode, for a signed-out plain browser: a demo server (sign in
 * through the simulator) or a production one (explain, and do not send the
 * browser to WeCom's sign-in). Null when the server cannot be asked.
 */
async function serverMode(): Promise<'demo' | 'production' | null> {
  try {
    return (await getJson<AppInfo>('/api/app-info')).mode
  } catch {
    return null
  }
}

function sign(url: string, kind: 'corp' | 'agent'): Promise<JssdkSignature> {
  return postJson<JssdkSignature>('/api/wecom/jssdk-sign', { url, kind })
}

/**
 * Which chat the sidebar is next to, found through the bridge: the WeCom
 * JS-SDK inside WeCom, the demo bridge in a plain browser against a demo
 * server, nothing elsewhere.
 */
export const useChatStore = defineStore('chat', () => {
  const environment = ref<Environment | null>(null)
  const phase = ref<ChatPhase>('starting')
  const target = ref<ChatTarget | null>(null)
  const entry = ref<string | null>(null)
  const error = shallowRef<ApiError | null>(null)
  /** A JS-SDK failure (`getContext:fail …`), shown as is. */
  const wecomError = ref<string | null>(null)
  const demoChats = shallowRef<DemoChats | null>(null)
  /** The demo picker's search, run on the server. */
  const demoQuery = ref('')
  const demoSearch = useLoad(
    () =>
      getJson<DemoChats>(
        demoQuery.value.trim()
          ? `/api/demo/chats?q=${encodeURIComponent(demoQuery.value.trim())}`
          : '/api/demo/chats',
      ),
    (found) => {
      demoChats.value = found
    },
  )
  let bridge: WecomBridge | null = null

  const session = useSessionStore()
  const record = useRecordStore()

  async function start(): Promise<void> {
    phase.value = 'starting'
    error.value = null
    wecomError.value = null
    try {
      if (isWeComUserAgent(navigator.userAgent)) {
        await startInWeCom()
      } else {
        await startInBrowser()
      }
    } catch (caught) {
      fail(caught)
    }
  }

  async function startInWeCom(): Promise<void> {
    environment.value = 'wecom'
    await session.load()
    const { createJssdkBridge } = await import('./jssdk-bridge')
    bridge = await createJssdkBridge(sign)

    const context = await bridge.getContext()
    entry.value = context.entry
    const kind = chatKindOfEntry(context.entry)
    if (kind === null) {
      phase.value = 'unsupported'
      return
    }
    const id =
      kind === 'contact'
        ? (await bridge.getCurExternalContact()).userId
        : (await bridge.getCurExternalChat()).chatId
    show({ kind, id })
  }

  /**
   * Asks the server for the session and the demo chats at once (and the
   * chat of `?chat=`, if any): a 404 on the demo chats means production,
   * where a plain browser only gets the explanation. A sign-in asked for
   * meanwhile waits until the mode is known.
   */
  async function startInBrowser(): Promise<void> {
    const wanted = parseChatParam(
      new URLSearchParams(location.search).get('chat'),
    )
    session.hold()
    const demo = getPrefetchedJson<DemoChats>('/api/demo/chats')
    const signedIn = session.load()
    if (wanted) void record.open(wanted)

    const [demoResult, sessionResult] = await Promise.allSettled([
      demo,
      signedIn,
    ])
    const demoError =
      demoResult.status === 'rejected' ? toApiError(demoResult.reason) : null
    const isOutside =
      demoError?.status === 404 ||
      (demoError?.status === 401 && (await serverMode()) === 'production')
    session.release(!isOutside)
    if (isOutside) {
      environment.value = 'outside'
      phase.value = 'outside'
      return
    }

    environment.value = 'demo'
    bridge = createDemoBridge(
      () => target.value,
      () => useToastStore().show(messages.demo.sent),
    )
    if (sessionResult.status === 'rejected') throw sessionResult.reason
    if (demoError) throw demoError
    demoChats.value =
      demoResult.status === 'fulfilled' ? demoResult.value : null

    if (wanted) {
      show(wanted)
    } else {
      phase.value = 'picking'
    }
  }

  function show(next: ChatTarget): void {
    markOnce('chat')
    target.value = next
    phase.value = 'ready'
    void record.open(next)
  }

  function fail(caught: unknown): void {
    if (session.signIn !== 'idle') {
      phase.value = 'signing-in'
      return
    }
    const apiError = toApiError(caught)
    if (apiError.code === 'UNEXPECTED_ERROR') {
      wecomError.value = apiError.message
    } else {
      error.value = apiError
    }
    phase.value = 'error'
  }

  /** Demo only: shows another chat, and keeps it in the URL for a reload. */
  function pick(next: ChatTarget | null): void {
    const url = new URL(location.href)
    if (next) {
      url.searchParams.set('chat', chatParam(next))
    } else {
      url.searchParams.delete('chat')
    }
    history.replaceState(history.state, '', url)
    if (next) {
      show(next)
    } else {
      target.value = null
      phase.value = 'picking'
    }
  }

  /** Demo only: the picker's list for a search ('' for the member's first chats). */
  function searchDemoChats(q: string): Promise<void> {
    demoQuery.value = q
    return demoSearch.load()
  }

  /** Sends into the current chat through the bridge. */
  async function send(message: ChatMessage): Promise<void> {
    if (!bridge) throw new Error('sendChatMessage before the bridge is ready')
    await bridge.sendChatMessage(message)
  }

  return {
    environment,
    phase,
    target,
    entry,
    error,
    wecomError,
    demoChats,
    demoQuery,
    demoSearchState: demoSearch.state,
    demoSearchError: demoSearch.error,
    searchDemoChats,
    start,
    pick,
    send,
  }
})
