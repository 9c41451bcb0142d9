import type { QuickReplyInput } from '@petcare/shared'
import { deleteJson, postJson, putJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import type { ReplyLibrary } from './quick-replies'

const BASE = '/api/console/quick-replies'

export function fetchLibrary(): Promise<ReplyLibrary> {
  return getChecked<ReplyLibrary>(BASE, {
    replies: 'array',
    variables: 'array',
  })
}

export function createReply(input: QuickReplyInput): Promise<{ id: string }> {
  return postJson<{ id: string }>(BASE, input)
}

export function updateReply(id: string, input: QuickReplyInput): Promise<void> {
  return putJson<void>(`${BASE}/${encodeURIComponent(id)}`, input)
}

export function deleteReply(id: string): Promise<void> {
  return deleteJson<void>(`${BASE}/${encodeURIComponent(id)}`)
}
