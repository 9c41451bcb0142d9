import { externalContactXml } from '../event-xml'
import type { CallbackDelivery } from './callbacks'
import type { SimContext } from './context'

/**
 * Sends `state.history` as the callbacks WeCom sent when those changes
 * happened: same change types, the same `CreateTime`. A product that starts
 * from a re-sync sees only the relations that still stand; these tell it who
 * removed whom, and when. Queued in order; resolves once all are settled.
 */
export function replayHistory(
  context: SimContext,
): Promise<CallbackDelivery[]> {
  return Promise.all(
    context.state.history.map((change) =>
      context.callbacks.send(
        externalContactXml({
          corpId: context.corp.corpId,
          changeType: change.changeType,
          userId: change.userid,
          externalUserId: change.externalUserId,
          state: change.state,
          createTime: change.time,
        }),
      ),
    ),
  )
}
