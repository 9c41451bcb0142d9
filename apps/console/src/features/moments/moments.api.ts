import type {
  MomentCalendar,
  MomentEditRequest,
  MomentPlanRequest,
  MomentPost,
} from '@petcare/shared'
import { deleteJson, postJson, putJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import { calendarUrl } from './moments'

const BASE = '/api/console/moments'
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`

export function fetchCalendar(week: string): Promise<MomentCalendar> {
  return getChecked<MomentCalendar>(calendarUrl(week), {
    today: 'string',
    owners: 'array',
    posts: 'array',
    quota: 'array',
  })
}

export function planMoment(input: MomentPlanRequest): Promise<MomentPost> {
  return postJson<MomentPost>(BASE, input)
}

export function editMoment(
  id: string,
  input: MomentEditRequest,
): Promise<MomentPost> {
  return putJson<MomentPost>(one(id), input)
}

export function deleteMoment(id: string): Promise<void> {
  return deleteJson<void>(one(id))
}

export function publishMoment(id: string): Promise<MomentPost> {
  return postJson<MomentPost>(`${one(id)}/publish`, {})
}

export function refreshMoment(id: string): Promise<MomentPost> {
  return postJson<MomentPost>(`${one(id)}/refresh`, {})
}
