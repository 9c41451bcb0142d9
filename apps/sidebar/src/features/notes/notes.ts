import type { FollowUpNote, NoteRequest } from '@petcare/shared'
import type { ChatTarget } from '../../wecom/bridge'

/**
 * Open notes first, the soonest reminder on top (undated ones after, newest
 * first); done notes last, the most recently done first.
 */
export function sortNotes(notes: readonly FollowUpNote[]): FollowUpNote[] {
  return [...notes].sort((a, b) => {
    if ((a.doneAt === null) !== (b.doneAt === null)) {
      return a.doneAt === null ? -1 : 1
    }
    if (a.doneAt !== null && b.doneAt !== null) {
      return b.doneAt.localeCompare(a.doneAt)
    }
    if (a.remindOn !== b.remindOn) {
      if (a.remindOn === null) return 1
      if (b.remindOn === null) return -1
      return a.remindOn.localeCompare(b.remindOn)
    }
    return b.createdAt.localeCompare(a.createdAt)
  })
}

/** The request that adds a note to the chat (and its pet, if one is shown). */
export function noteRequest(
  target: ChatTarget,
  text: string,
  remindOn: string,
  petId: string | null,
): NoteRequest {
  const request: NoteRequest =
    target.kind === 'contact'
      ? { externalUserId: target.id, text: text.trim() }
      : { chatId: target.id, text: text.trim() }
  if (petId) request.petId = petId
  if (remindOn) request.remindOn = remindOn
  return request
}
