import type { QuickReplyList } from '@petcare/shared'
import { type ApiError, getJson, postJson, useLoad } from '@petcare/web'
import { quickReplyQuery, repliesIn } from './query'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ChatTarget } from '../../wecom/bridge'

/**
 * The WeCom media id of an image reply: the server uploads the image, or
 * reuses the id it uploaded in the last few days.
 */
async function mediaIdFor(replyId: string): Promise<string> {
  const { mediaId } = await postJson<{ mediaId: string }>(
    `/api/sidebar/quick-replies/${encodeURIComponent(replyId)}/media`,
    {},
  )
  return mediaId
}

/**
 * Quick replies filled for the current chat and pet. The search runs on the
 * server (it also searches the filled text); the category filters here.
 */
export const useQuickReplyStore = defineStore('quick-reply', () => {
  const list = shallowRef<QuickReplyList | null>(null)
  const q = ref('')
  const category = ref('')
  const key = ref<{ target: ChatTarget; petId: string | null } | null>(null)

  const { state, error, load } = useLoad(
    () => {
      const { target, petId } = key.value!
      return getJson<QuickReplyList>(
        `/api/sidebar/quick-replies?${quickReplyQuery(target, petId, q.value)}`,
      )
    },
    (next) => {
      list.value = next
      if (category.value && !next.categories.includes(category.value)) {
        category.value = ''
      }
    },
  )

  /**
   * The last send that went out but whose count did not reach the server:
   * the message is in the chat, so it is not shown as a failure.
   */
  const countError = shallowRef<ApiError | null>(null)
  function noteCountFailed(error: ApiError): void {
    countError.value = error
  }

  const shown = computed(() =>
    repliesIn(list.value?.replies ?? [], category.value),
  )

  /** Loads for a chat and pet, unless that is what is shown already. */
  async function loadFor(target: ChatTarget, petId: string | null) {
    const same =
      key.value?.target.id === target.id &&
      key.value.target.kind === target.kind &&
      key.value.petId === petId
    if (same && state.value !== 'error' && state.value !== 'idle') return
    key.value = { target, petId }
    await load()
  }

  return {
    list,
    q,
    category,
    state,
    error,
    shown,
    loadFor,
    reload: load,
    mediaIdFor,
    countError,
    noteCountFailed,
  }
})
