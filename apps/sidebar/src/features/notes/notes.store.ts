import type { FollowUpNote, NoteRequest } from '@petcare/shared'
import { postJson, requestJson } from '@petcare/web'
import { sortNotes } from './notes'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

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
