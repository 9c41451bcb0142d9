import { chinaToday, type LocalDate } from '@petcare/domain'
import {
  createWecomSimulator,
  findSeedToday,
  type WecomSimulator,
} from '@petcare/wecom-sim'
import type { DataSource } from 'typeorm'
import type { Logger } from './logger'

/** The demo corp's seed (the simulator's default). */
const DEMO_SEED = 1

/** What a demo start needs to know about the database it starts on. */
export interface DemoStart {
  /**
   * The China date the demo's history leads up to: today on a first
   * start, the first start's day after that, so the simulated WeCom tells
   * the same history the database already holds.
   */
  today: LocalDate
  /** Whether the server has yet to hear of the corp's ended relations. */
  replayHistory: boolean
}

/**
 * Reads the demo's day from the follows a first start stored (the seeded
 * corp's times are that day's midnight minus fixed offsets), and whether
 * the history's removals have arrived.
 */
export async function openDemo(
  dataSource: DataSource,
  log: Logger,
  now = new Date(),
): Promise<DemoStart> {
  const follows = await dataSource.query<
    { user_id: string; external_user_id: string; started_at: string | number }[]
  >(
    'SELECT user_id, external_user_id, started_at FROM follow WHERE started_at IS NOT NULL',
  )
  if (follows.length === 0) {
    return { today: chinaToday(now), replayHistory: true }
  }
  const today = findSeedToday(
    DEMO_SEED,
    follows.map((f) => ({
      userid: f.user_id,
      externalUserId: f.external_user_id,
      startedAt: Number(f.started_at),
    })),
  )
  if (!today) {
    log.warn(
      { fix: 'stop the server, delete apps/server/data/ and start again' },
      'demo database predates the seeded history: its weeks will not match',
    )
    return { today: chinaToday(now), replayHistory: false }
  }
  const [removed] = await dataSource.query<{ n: string | number }[]>(
    "SELECT COUNT(*) AS n FROM follow_change WHERE kind = 'removed'",
  )
  return { today, replayHistory: Number(removed?.n ?? 0) === 0 }
}

/** The demo's simulator, on PORT + 100 when that port is free. */
export async function startDemoSimulator(
  port: number,
  today: LocalDate,
): Promise<WecomSimulator> {
  const callbackUrl = `http://127.0.0.1:${port}/wecom/callback`
  try {
    return await createWecomSimulator({ port: port + 100, callbackUrl, today })
  } catch {
    return createWecomSimulator({ port: 0, callbackUrl, today })
  }
}

/**
 * Has the simulator send the corp's recent past (who removed whom, and
 * when) through the signed callback path, as WeCom sent it at the time;
 * the event store keeps each once.
 */
export async function replayDemoHistory(
  simulator: WecomSimulator,
  log: Logger,
): Promise<void> {
  const deliveries = await simulator.replayHistory()
  log.info(
    {
      sent: deliveries.length,
      delivered: deliveries.filter((d) => d.outcome === 'delivered').length,
    },
    'demo history replayed',
  )
}
