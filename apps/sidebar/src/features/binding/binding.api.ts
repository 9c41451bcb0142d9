import type {
  BindRequest,
  CustomerCandidate,
  SidebarView,
} from '@petcare/shared'
import { getJson, postJson, requestJson } from '@petcare/web'

/** `GET /api/sidebar/customers?q=`: records by phone or customer ID. */
export async function searchCustomers(q: string): Promise<CustomerCandidate[]> {
  const body = await getJson<
    CustomerCandidate[] | { customers: CustomerCandidate[] }
  >(`/api/sidebar/customers?q=${encodeURIComponent(q)}`)
  // The contract names the rows, not the envelope: take either.
  return Array.isArray(body) ? body : body.customers
}

/**
 * `POST /api/sidebar/bindings`: answers the chat's new view, which the
 * caller shows as it is (asking again would audit the opening twice).
 */
export function bind(request: BindRequest): Promise<SidebarView> {
  return postJson<SidebarView>('/api/sidebar/bindings', request)
}

/** `DELETE /api/sidebar/bindings/:externalUserId`. */
export function unbind(externalUserId: string): Promise<unknown> {
  return requestJson<unknown>(
    `/api/sidebar/bindings/${encodeURIComponent(externalUserId)}`,
    { method: 'DELETE' },
  )
}

/** What a search box holds: a phone (digits, maybe spaced) or a customer ID. */
export function normaliseQuery(q: string): string {
  const compact = q.replace(/[\s-]/g, '')
  return /^(?:\+?86)?1\d{10}$/.test(compact)
    ? compact.slice(-11)
    : q.trim().toUpperCase()
}
