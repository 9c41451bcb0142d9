import type { SidebarView, VisitDetail, VisitPage } from '@petcare/shared'
import { getJson } from '@petcare/web'
import type { ChatTarget } from '../../wecom/bridge'
import { getPrefetchedJson } from '../../shared/prefetch'

const enc = encodeURIComponent

/** The path of everything the sidebar shows for a chat. */
export function viewPath(target: ChatTarget): string {
  return target.kind === 'contact'
    ? `/api/sidebar/contacts/${enc(target.id)}`
    : `/api/sidebar/groups/${enc(target.id)}`
}

/** `GET /api/sidebar/contacts/:id` or `/groups/:id`. */
export function fetchView(target: ChatTarget): Promise<SidebarView> {
  return getPrefetchedJson<SidebarView>(viewPath(target))
}

/** `GET /api/sidebar/pets/:id/visits`: a page of history, newest first. */
export function fetchVisits(
  petId: string,
  before: string | null,
  limit = 10,
): Promise<VisitPage> {
  const query = new URLSearchParams({ limit: String(limit) })
  if (before !== null) query.set('before', before)
  return getJson<VisitPage>(`/api/sidebar/pets/${enc(petId)}/visits?${query}`)
}

/** `GET /api/sidebar/visits/:id`: the whole visit (audited on the server). */
export function fetchVisit(visitId: string): Promise<VisitDetail> {
  return getJson<VisitDetail>(`/api/sidebar/visits/${enc(visitId)}`)
}
