import type { SidebarPet, SidebarView, VisitSummary } from '@petcare/shared'
import {
  type ApiError,
  type LoadState,
  toApiError,
  useLoad,
} from '@petcare/web'
import { mergeVisits, orderPets } from './visits'
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { ChatTarget } from '../../wecom/bridge'
import { markOnce } from '../../shared/timing'
import { fetchView, fetchVisits } from './record.api'

/** The history of one pet as far as it has been paged. */
export interface PetHistory {
  visits: VisitSummary[]
  /** The next page's `before`; undefined before the first "more"; null at the end. */
  next: string | null | undefined
  state: LoadState
  error: ApiError | null
}

/** The chat's view: WeCom side, hospital record, pets and their history. */
export const useRecordStore = defineStore('record', () => {
  const target = ref<ChatTarget | null>(null)
  const view = shallowRef<SidebarView | null>(null)
  const selectedPetId = ref<string | null>(null)
  const histories = reactive(new Map<string, PetHistory>())

  /** A view the server already answered another call with, to show as is. */
  let given: SidebarView | null = null
  const { state, error, load } = useLoad(
    () => {
      const next = given
      given = null
      return next ? Promise.resolve(next) : fetchView(target.value!)
    },
    (next) => {
      markOnce('record')
      view.value = next
      histories.clear()
      const pets = next.record?.pets ?? []
      if (!pets.some((pet) => pet.id === selectedPetId.value)) {
        selectedPetId.value =
          orderPets(pets, next.record?.focusPetId ?? null)[0]?.id ?? null
      }
    },
  )

  const record = computed(() => view.value?.record ?? null)
  const today = computed(() => view.value?.today ?? '')
  const pets = computed(() =>
    orderPets(record.value?.pets ?? [], record.value?.focusPetId ?? null),
  )
  const selectedPet = computed(
    () => pets.value.find((pet) => pet.id === selectedPetId.value) ?? null,
  )

  /**
   * Shows `next`: a different chat starts from an empty view; the same one
   * is not asked for again while it loads or once it has (`reload` does).
   */
  async function open(next: ChatTarget): Promise<void> {
    const same = target.value?.kind === next.kind && target.value.id === next.id
    if (same && (state.value === 'loading' || state.value === 'done')) return
    if (!same) {
      target.value = next
      view.value = null
      selectedPetId.value = null
    }
    await load()
  }

  /**
   * Shows the chat's view as another call answered it (a bind answers the
   * new one), without asking again: every fetch of a view with a record
   * writes the audit log, so one opening must be one fetch.
   */
  async function replace(next: SidebarView): Promise<void> {
    given = next
    await load()
  }

  function historyOf(pet: SidebarPet): PetHistory {
    let history = histories.get(pet.id)
    if (!history) {
      history = {
        visits: [...pet.recentVisits],
        next: undefined,
        state: 'idle',
        error: null,
      }
      histories.set(pet.id, history)
      history = histories.get(pet.id)!
    }
    return history
  }

  function hasMore(pet: SidebarPet): boolean {
    const history = historyOf(pet)
    return history.next !== null && history.visits.length < pet.visitCount
  }

  /**
   * The next page of a pet's history. The first "more" asks from the top
   * and drops what `recentVisits` already shows, so nothing depends on what
   * the server's `before` cursor is made of.
   */
  async function loadMore(pet: SidebarPet): Promise<void> {
    const history = historyOf(pet)
    if (history.state === 'loading') return
    history.state = 'loading'
    history.error = null
    try {
      const page = await fetchVisits(pet.id, history.next ?? null)
      history.visits = mergeVisits(history.visits, page.visits)
      history.next = page.next
      history.state = 'done'
    } catch (caught) {
      history.error = toApiError(caught)
      history.state = 'error'
    }
  }

  return {
    target,
    view,
    state,
    error,
    record,
    today,
    pets,
    selectedPetId,
    selectedPet,
    open,
    reload: load,
    replace,
    historyOf,
    hasMore,
    loadMore,
  }
})
