/**
 * The demo's first and later starts (`openDemo` in main.ts): the simulated
 * corp's ended relations reach the server once, as signed callbacks with
 * their own times, and a start days later tells the same history, so
 * nothing is stored twice.
 */
import { DEMO_CORP_SECRET, createWecomSimulator } from '@petcare/wecom-sim'
import pino from 'pino'
import { openDemo, replayDemoHistory } from '../src/demo'
import { createWecomServices } from '../src/modules/worker/wecom-services'
import { databaseTargets } from './databases'
import { startTestApp, type TestApp } from './test-app'

jest.setTimeout(60_000)

const log = pino({ level: 'silent' })

describe.each(databaseTargets())('the demo on $name', (target) => {
  it('learns the corp’s history on a first start, and a start nine days later adds nothing', async () => {
    const db = await target.create()
    let clock = Date.parse('2026-12-07T09:00:00+08:00')
    const app = await startTestApp({
      database: db.config,
      now: () => clock,
      // The simulator signs with the wall clock while the test moves its own.
      env: { WECOM_CALLBACK_MAX_AGE: '0' },
    })
    try {
      const first = await openDemo(app.dataSource, log, new Date(clock))
      expect(first).toEqual({ today: '2026-12-07', replayHistory: true })
      const history = await startAndSync(app, first.today, () => clock, {
        replay: true,
      })
      const stored = await tables(app)
      expect(stored.events).toBe(history.length)
      expect(stored.pending).toBe(0)
      expect(stored.removed).toBe(
        history.filter((c) => c.changeType !== 'add_external_contact').length,
      )

      clock += 9 * 86_400_000
      const later = await openDemo(app.dataSource, log, new Date(clock))
      expect(later).toEqual({ today: '2026-12-07', replayHistory: false })
      await startAndSync(app, later.today, () => clock, { replay: false })
      expect(await tables(app)).toEqual(stored)
    } finally {
      await app.close()
      await db.drop()
    }
  })
})

/** A demo start: the simulator, a re-sync, the replay if asked, the worker. */
async function startAndSync(
  app: TestApp,
  today: string,
  now: () => number,
  options: { replay: boolean },
) {
  const sim = await createWecomSimulator({
    callbackUrl: app.callbackUrl,
    today,
    now,
    callbackRetryDelayMs: 10,
  })
  const services = createWecomServices({
    config: {
      ...app.config,
      wecom: {
        ...app.config.wecom,
        apiBase: sim.url,
        secret: DEMO_CORP_SECRET,
      },
    },
    dataSource: app.dataSource,
    logger: log,
    worker: { now },
  })!
  try {
    await services.resync.run(now())
    if (options.replay) {
      await replayDemoHistory(sim, log)
    }
    await services.worker.drain()
    await services.resync.run(now())
    return sim.state.history
  } finally {
    await services.close()
    await sim.close()
  }
}

/** What a repeated start must leave as it was. */
async function tables(app: TestApp) {
  const count = async (sql: string) =>
    Number((await app.dataSource.query<{ n: number | string }[]>(sql))[0]!.n)
  return {
    events: await count('SELECT COUNT(*) AS n FROM wecom_event'),
    pending: await count(
      "SELECT COUNT(*) AS n FROM wecom_event WHERE status <> 'done'",
    ),
    changes: await app.dataSource.query(
      `SELECT user_id, external_user_id, kind, ended_by, at FROM follow_change
        ORDER BY user_id, external_user_id, kind, at`,
    ),
    removed: await count(
      "SELECT COUNT(*) AS n FROM follow_change WHERE kind = 'removed'",
    ),
    follows: await app.dataSource.query(
      `SELECT user_id, external_user_id, started_at, ended_at, ended_by
         FROM follow ORDER BY user_id, external_user_id`,
    ),
  }
}
