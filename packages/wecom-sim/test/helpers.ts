import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CallbackCipher,
  parseEnvelope,
  parseEvent,
  type WecomEvent,
} from '@petcare/wecom'
import {
  createWecomSimulator,
  type SimCorp,
  type WecomSimulator,
  type WecomSimulatorOptions,
} from '../src'

/** A WeCom JSON answer: errcode, errmsg and whatever else came back. */
export type WecomBody = Record<string, unknown> & {
  errcode: number
  errmsg: string
}

/** A clock tests move by hand. */
export function manualClock(start = 1_767_225_600_000) {
  let now = start
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}

/** Starts a simulator and a client for it; `stop()` closes both. */
export async function startSim(options: WecomSimulatorOptions = {}) {
  const sim = await createWecomSimulator(options)
  return { sim, api: new SimApi(sim) }
}

/** Calls the simulator's `/cgi-bin/` API over HTTP, like the product does. */
export class SimApi {
  private token: string | null = null

  constructor(private readonly sim: WecomSimulator) {}

  async gettoken(corpid?: string, corpsecret?: string): Promise<WecomBody> {
    return this.raw('gettoken', {
      query: {
        corpid: corpid ?? this.sim.corp.corpId,
        corpsecret: corpsecret ?? this.sim.corp.secret,
      },
    })
  }

  /** A valid token, fetched once. */
  async accessToken(): Promise<string> {
    if (!this.token) {
      const body = await this.gettoken()
      this.token = String(body.access_token)
    }
    return this.token
  }

  async get(
    path: string,
    query: Record<string, string> = {},
  ): Promise<WecomBody> {
    const token = await this.accessToken()
    return this.raw(path, { query: { ...query, access_token: token } })
  }

  async post(path: string, body: unknown): Promise<WecomBody> {
    const token = await this.accessToken()
    return this.raw(path, { query: { access_token: token }, body })
  }

  /** A call with exactly these query parameters; asserts HTTP 200. */
  async raw(
    path: string,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<WecomBody> {
    const url = new URL(`/cgi-bin/${path}`, this.sim.url)
    for (const [name, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(name, value)
    }
    const init: RequestInit =
      options.body === undefined
        ? {}
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(options.body),
          }
    const response = await fetch(url, init)
    expect(response.status).toBe(200)
    return (await response.json()) as WecomBody
  }
}

/** Calls the simulator's admin API (`/sim/…`). */
export async function admin(
  sim: WecomSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, sim.url), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  }
}

/** One POST the callback receiver got. */
export interface ReceivedCallback {
  url: string
  body: string
}

/**
 * A stand-in for the product's `/wecom/callback`: records each POST and
 * answers with the status `answer()` gives (200 by default).
 */
export async function startCallbackReceiver(answer: () => number = () => 200) {
  const received: ReceivedCallback[] = []
  const server = createServer((req, res) => {
    readAll(req).then((body) => {
      received.push({ url: req.url ?? '', body })
      const status = answer()
      res.writeHead(status).end(status === 200 ? 'success' : 'error')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/wecom/callback`,
    received,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * Verifies and decrypts a received callback with the corp's credentials, as
 * the product would, and parses the event.
 */
export function openCallback(
  corp: SimCorp,
  callback: ReceivedCallback,
): WecomEvent {
  const query = new URL(callback.url, 'http://receiver').searchParams
  const cipher = new CallbackCipher({
    token: corp.token,
    encodingAesKey: corp.encodingAesKey,
    receiveId: corp.corpId,
  })
  const message = cipher.open(
    {
      msgSignature: query.get('msg_signature') ?? '',
      timestamp: query.get('timestamp') ?? '',
      nonce: query.get('nonce') ?? '',
    },
    parseEnvelope(callback.body).encrypt,
  )
  return parseEvent(message)
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
