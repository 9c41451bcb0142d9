import type { EventLogPage } from '@petcare/shared'
import { postJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import { eventsUrl } from './events'

export function fetchEvents(
  status: string | null,
  before: string | null,
): Promise<EventLogPage> {
  return getChecked<EventLogPage>(eventsUrl(status, before), {
    events: 'array',
    counts: 'array',
  })
}

/** Queues a parked or failed event again (head office; 204). */
export function retryEvent(id: string): Promise<void> {
  return postJson<void>(
    `/api/console/events/${encodeURIComponent(id)}/retry`,
    {},
  )
}
