/** The body of `GET /healthz`: `status` is 'ok' while the server runs. */
export interface Health {
  status: string
}

/** How many callback events of one type (and change type) the server holds. */
export interface EventTypeCount {
  event: string
  /** Events without a `ChangeType` have none. */
  changeType: string | null
  count: number
}

/** How many callback events are in one processing status. */
export interface EventStatusCount {
  /** pending, processing, done, failed or parked. */
  status: string
  count: number
}

/**
 * The body of `GET /api/ops/summary`: the server's mode, corp and database,
 * and the counts of the callback events it has received.
 */
export interface OpsSummary {
  mode: 'demo' | 'production'
  corpId: string
  database: 'sqlite' | 'mysql'
  events: {
    total: number
    last24h: number
    /** ISO 8601 (UTC), or null before the first event. */
    lastReceivedAt: string | null
    byType: EventTypeCount[]
    byStatus: EventStatusCount[]
  }
}
