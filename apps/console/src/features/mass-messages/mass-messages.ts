import type { MassMessageLog, WakeResult } from '@petcare/shared'

export type MassTask = WakeResult['tasks'][number]
export type LoggedMessage = MassMessageLog['messages'][number]

/** WeCom's own limit on a mass message's text (add_msg_template). */
export const MAX_MASS_TEXT = 1000

/** Tasks WeCom took, and tasks it refused, for the result's headline. */
export function taskCounts(result: WakeResult): {
  created: number
  failed: number
} {
  const failed = result.tasks.filter((task) => task.error !== null).length
  return { created: result.tasks.length - failed, failed }
}

/** Whether a mass message's text may be sent: 1–1000 characters, trimmed. */
export function isSendableText(text: string): boolean {
  const length = [...text.trim()].length
  return length > 0 && length <= MAX_MASS_TEXT
}

/** A logged message's outcome: taken by WeCom, taken with some left out, refused. */
export function outcomeOf(
  m: Pick<LoggedMessage, 'error' | 'failList'>,
): 'created' | 'partial' | 'failed' {
  if (m.error !== null) return 'failed'
  return m.failList.length > 0 ? 'partial' : 'created'
}
