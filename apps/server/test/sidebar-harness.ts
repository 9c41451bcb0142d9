import { createWecomSimulator, type WecomSimulator } from '@petcare/wecom-sim'
import pino from 'pino'
import type { DatabaseConfig } from '../src/config'
import { chinaToday } from '@petcare/domain'
import {
  bindDemoCustomers,
  importDemoRecords,
} from '../src/modules/record/import/demo-records'
import { seedDemoQuickReplies } from '../src/modules/sidebar/demo-quick-replies'
import { createWecomServices } from '../src/modules/worker/wecom-services'
import { startTestApp, type TestApp } from './test-app'

/** A member's signed-in browser, reduced to its cookie. */
export interface Member {
  userId: string
  cookie: string
  get(path: string): Promise<Response>
  send(method: string, path: string, body?: unknown): Promise<Response>
}

export interface SidebarHarness {
  app: TestApp
  sim: WecomSimulator
  /** The clock the app and the simulator share, in ms. */
  now(): number
  today: string
  /**
   * Moves the simulator's clock (the times of its changes and callbacks)
   * forward; it starts at the wall clock.
   */
  advance(seconds: number): void
  /** Signs in through the OAuth round trip, as a browser would. */
  signIn(userId: string, returnPath?: string): Promise<Member>
  close(): Promise<void>
}

/**
 * The demo world on a test database: a simulated corp synced into the
 * tables, the demo hospital records imported and bound, the demo quick
 * replies, and the server signing members in through the simulator.
 */
export async function startSidebarHarness(
  database: DatabaseConfig,
  options: {
    /**
     * Pins the clock: the app, the simulator and the demo records run from
     * this instant on, so dates such as a kitten's due vaccines are fixed.
     */
    startAt?: Date
  } = {},
): Promise<SidebarHarness> {
  const offset = options.startAt ? options.startAt.getTime() - Date.now() : 0
  const now = () => Date.now() + offset
  // The records and tables come from a re-sync, so no callback is needed
  // (a test that wants them points `sim.callbacks.url` at the app).
  let ahead = 0
  const sim = await createWecomSimulator({
    callbackUrl: 'http://127.0.0.1:9/unused',
    now: () => now() + ahead,
  })
  const app = await startTestApp({
    database,
    env: { WECOM_API_BASE: sim.url, WECOM_OAUTH_BASE: sim.url },
    now: options.startAt ? now : undefined,
  })
  const services = createWecomServices({
    config: app.config,
    dataSource: app.dataSource,
    logger: pino({ level: 'silent' }),
  })!
  await services.resync.run()
  await services.close()
  const today = chinaToday(new Date(now()))
  await importDemoRecords(app.dataSource, pino({ level: 'silent' }), today)
  await bindDemoCustomers(app.dataSource, new Date(now()))
  await seedDemoQuickReplies(app.dataSource)

  return {
    app,
    sim,
    now,
    today,
    advance(seconds) {
      ahead += seconds * 1000
    },
    async signIn(userId, returnPath = '/sidebar/') {
      const flow = await oauthRoundTrip(app.url, userId, returnPath)
      const member: Member = {
        userId,
        cookie: flow.cookie,
        get: (path) => member.send('GET', path),
        send: (method, path, body) =>
          fetch(`${app.url}${path}`, {
            method,
            headers: {
              cookie: flow.cookie,
              ...(body === undefined
                ? {}
                : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            redirect: 'manual',
          }),
      }
      return member
    },
    async close() {
      await app.close()
      await sim.close()
    },
  }
}

/** Cookies from Set-Cookie headers, as a `cookie` request header. */
export function cookieHeader(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  )
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const [name, value] = pair!.split('=') as [string, string]
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) {
      jar.delete(name)
    } else {
      jar.set(name, value)
    }
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

/**
 * start → the simulator's authorize page → pick `userId` → callback: the
 * redirects a browser follows, with its cookies.
 */
export async function oauthRoundTrip(
  baseUrl: string,
  userId: string,
  returnPath: string,
): Promise<{ cookie: string; finalLocation: string; callback: Response }> {
  const start = await fetch(
    `${baseUrl}/api/auth/oauth/start?return=${encodeURIComponent(returnPath)}`,
    { redirect: 'manual' },
  )
  if (start.status !== 302) {
    throw new Error(`start answered ${start.status}`)
  }
  let cookie = cookieHeader(start)
  const authorize = new URL(start.headers.get('location')!)
  authorize.searchParams.set('userid', userId)
  const picked = await fetch(authorize, { redirect: 'manual' })
  if (picked.status !== 302) {
    throw new Error(
      `authorize answered ${picked.status}: ${await picked.text()}`,
    )
  }
  const callback = await fetch(picked.headers.get('location')!, {
    headers: { cookie },
    redirect: 'manual',
  })
  cookie = cookieHeader(callback, cookie)
  return {
    cookie,
    finalLocation: callback.headers.get('location') ?? '',
    callback,
  }
}
