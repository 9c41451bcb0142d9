import type { FollowUpNote, NoteRequest } from '@petcare/shared'
import { postJson, requestJson } from '@petcare/web'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
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

/** Follow-up notes of the chat's customer: list, add, mark done. */
export const useNotesStore = defineStore('notes', () => {
  const notes = ref<FollowUpNote[]>([])
  const sorted = computed(() => sortNotes(notes.value))
  const openCount = computed(
    () => notes.value.filter((note) => note.doneAt === null).length,
  )

  /** Takes the notes the chat's view came with. */
  function reset(next: readonly FollowUpNote[]): void {
    notes.value = [...next]
  }

  /** `POST /api/sidebar/notes`; throws an `ApiError` for the form to show. */
  async function add(request: NoteRequest): Promise<FollowUpNote> {
    const note = await postJson<FollowUpNote>('/api/sidebar/notes', request)
    notes.value = [note, ...notes.value.filter((n) => n.id !== note.id)]
    return note
  }

  /** `PATCH /api/sidebar/notes/:id` with `{ done: true }`. */
  async function markDone(id: string): Promise<void> {
    const note = await requestJson<FollowUpNote>(
      `/api/sidebar/notes/${encodeURIComponent(id)}`,
      { method: 'PATCH', body: { done: true } },
    )
    notes.value = notes.value.map((n) => (n.id === id ? note : n))
  }

  return { notes, sorted, openCount, reset, add, markDone }
})
