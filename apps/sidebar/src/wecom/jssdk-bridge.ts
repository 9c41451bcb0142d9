import type { JssdkSignature } from '@petcare/shared'
import type { WecomBridge } from './bridge'

/** Every JS-SDK API the sidebar calls; the SDK only allows listed ones. */
export const JS_API_LIST = [
  'getContext',
  'getCurExternalContact',
  'getCurExternalChat',
  'sendChatMessage',
]

export type Sign = (
  url: string,
  kind: 'corp' | 'agent',
) => Promise<JssdkSignature>

/** A JS-SDK result that is not `…:ok`, as an Error naming WeCom's errMsg. */
export class WecomCallError extends Error {
  override readonly name = 'WecomCallError'
  constructor(readonly errMsg: string) {
    super(errMsg)
  }
}

function check<T extends { errMsg?: string }>(result: T): T {
  if (result.errMsg && !result.errMsg.endsWith(':ok')) {
    throw new WecomCallError(result.errMsg)
  }
  return result
}

/** The SDK rejects with its result object; keep its errMsg. */
function rethrow(error: unknown): never {
  if (error instanceof Error) throw error
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg
  throw new WecomCallError(typeof errMsg === 'string' ? errMsg : String(error))
}

/**
 * The real bridge. `@wecom/jssdk` is imported here, and this module is only
 * ever loaded with `import()` inside WeCom, so a plain browser never
 * downloads the SDK.
 *
 * The app signature comes first: it also names the corp and the app, which
 * `register` needs. The SDK then asks for a signature of the same URL
 * (`location.href` without the hash), which is answered from that first
 * request; the corp signature is fetched only if the SDK asks, which it does
 * on clients older than 3.0.24.
 */
export async function createJssdkBridge(sign: Sign): Promise<WecomBridge> {
  const pageUrl = location.href.split('#')[0]!
  const first = sign(pageUrl, 'agent')
  const [ww, agent] = await Promise.all([import('@wecom/jssdk'), first])

  const agentSignature = (url: string) =>
    url === pageUrl ? first : sign(url, 'agent')
  ww.register({
    corpId: agent.corpId,
    agentId: agent.agentId,
    jsApiList: JS_API_LIST,
    getAgentConfigSignature: agentSignature,
    getConfigSignature: (url) => sign(url, 'corp'),
  })

  return {
    kind: 'wecom',
    getContext: () => ww.getContext().then(check, rethrow),
    getCurExternalContact: () =>
      ww.getCurExternalContact().then(check, rethrow),
    getCurExternalChat: () => ww.getCurExternalChat().then(check, rethrow),
    async sendChatMessage(message) {
      await ww.sendChatMessage(message).then(check, rethrow)
    },
  }
}
