/**
 * `pnpm bench:callback`: drives /wecom/callback with distinct signed events
 * over loopback and compares it with a bare Koa endpoint measured in the same
 * run, on SQLite and (when it answers) MariaDB/MySQL.
 *
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=50 pnpm bench:callback
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import autocannon from 'autocannon'
import { DEMO_CORP, externalContactXml, sealCallback } from '@petcare/wecom-sim'
import { createDataSource } from '../src/db/data-source'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const MYSQL_URL =
  process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
const SERVER_DIR = join(__dirname, '..')
/**
 * With two or more CPUs and taskset, the server under test gets CPU 0 and
 * this load generator CPU 1, so neither steals the other's time.
 */
const PINNED =
  process.env.BENCH_PINNED === '1' ||
  (cpus().length >= 2 &&
    spawnSync('taskset', ['-c', '1', 'true']).status === 0 &&
    process.env.BENCH_PINNED !== '0')
const TSX = join(SERVER_DIR, 'node_modules/.bin/tsx')

interface Result {
  name: string
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  acknowledged: number
}

interface Request {
  path: string
  body: string
}

/** Distinct events, each sealed as WeCom would send it. */
function sealEvents(count: number, port: number, tag: string): Request[] {
  const createTime = Math.floor(Date.now() / 1000)
  return Array.from({ length: count }, (_, n) => {
    const message = externalContactXml({
      corpId: DEMO_CORP.corpId,
      changeType: 'add_external_contact',
      userId: `member${n % 200}`,
      externalUserId: `wmBench${tag}${n}`,
      state: 'bench',
      createTime,
    })
    const sealed = sealCallback(message, {
      url: `http://127.0.0.1:${port}/wecom/callback`,
      credentials: {
        token: DEMO_CORP.token,
        encodingAesKey: DEMO_CORP.encodingAesKey,
        receiveId: DEMO_CORP.corpId,
      },
      agentId: DEMO_CORP.agentId,
    })
    const url = new URL(sealed.url)
    return { path: `${url.pathname}${url.search}`, body: sealed.body }
  })
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: RegExp | null,
): Promise<ChildProcess> {
  // A server's log lines go to /dev/null, as cheap as a log file.
  const [command, args] = PINNED
    ? ['taskset', ['-c', '0', TSX, script]]
    : [TSX, [script]]
  const child = spawn(command, args, {
    cwd: SERVER_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', ready ? 'pipe' : 'ignore', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (ready?.test(output)) {
        resolve()
      }
    }
    if (!ready) {
      resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code}:\n${output}`)),
    )
  })
  return child
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

async function load(
  name: string,
  requests: Request[],
  port: number,
): Promise<Result> {
  let next = 0
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        setupRequest: (request) => {
          const sealed = requests[next++ % requests.length]!
          return { ...request, path: sealed.path, body: sealed.body }
        },
      },
    ],
  })
  const result = await instance
  if (next > requests.length) {
    process.stderr.write(
      `warning: ${name} wrapped around its ${requests.length} events\n`,
    )
  }
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    acknowledged: result['2xx'],
  }
}

async function warmUp(requests: Request[], port: number): Promise<void> {
  await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    amount: Math.min(requests.length, 2000),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const sealed = requests.pop()!
          return { ...request, path: sealed.path, body: sealed.body }
        },
      },
    ],
  })
}

async function mysqlAvailable(): Promise<boolean> {
  try {
    const connection = await createConnection({
      uri: MYSQL_URL,
      connectTimeout: 2000,
    })
    await connection.end()
    return true
  } catch {
    return false
  }
}

async function countRows(databaseUrl: string): Promise<number> {
  const dataSource = createDataSource(
    databaseUrl.startsWith('mysql://')
      ? { kind: 'mysql', url: databaseUrl }
      : { kind: 'sqlite', path: databaseUrl.slice('sqlite:'.length) },
  )
  await dataSource.initialize()
  const [row] = (await dataSource.query(
    'SELECT COUNT(*) AS n FROM wecom_event',
  )) as { n: number | string }[]
  await dataSource.destroy()
  return Number(row!.n)
}

async function benchBare(port: number): Promise<Result> {
  const child = await startProcess(
    'bench/bare-server.ts',
    { PORT: String(port) },
    /listening/,
  )
  try {
    const requests = sealEvents(60_000, port, 'bare')
    await warmUp([...requests], port)
    return await load('bare Koa (baseline)', requests, port)
  } finally {
    await stop(child)
  }
}

async function benchServer(
  name: string,
  databaseUrl: string,
  port: number,
): Promise<Result & { stored: number }> {
  const child = await startProcess(
    'src/main.ts',
    {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      // The production default: one access line per request.
      LOG_LEVEL: 'info',
      WECOM_CORP_ID: DEMO_CORP.corpId,
      WECOM_TOKEN: DEMO_CORP.token,
      WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
      WECOM_AGENT_ID: DEMO_CORP.agentId,
    },
    // Production logs go to /dev/null here: wait for /readyz instead.
    null,
  )
  await waitForPort(port)
  try {
    const warm = sealEvents(2000, port, 'warm')
    await warmUp(warm, port)
    const before = await countRows(databaseUrl)
    const result = await load(
      name,
      sealEvents(60_000, port, name.slice(0, 5)),
      port,
    )
    const stored = (await countRows(databaseUrl)) - before
    return { ...result, stored }
  } finally {
    await stop(child)
  }
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`)
      if (response.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`server on ${port} did not become ready`)
}

function row(result: Result, baseline: Result): string {
  const ratio = (result.requestsPerSecond / baseline.requestsPerSecond) * 100
  return `| ${result.name} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50} | ${result.p99} | ${ratio.toFixed(0)}% | ${result.non2xx + result.errors} |`
}

async function main(): Promise<void> {
  if (PINNED && process.env.BENCH_PINNED !== '1') {
    // Re-run this script pinned to CPU 1.
    const self = spawnSync(
      'taskset',
      [
        '-c',
        '1',
        process.execPath,
        ...process.execArgv,
        ...process.argv.slice(1),
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, BENCH_PINNED: '1' },
      },
    )
    process.exit(self.status ?? 1)
  }
  const port = 3900 + Math.floor(Math.random() * 500)
  const dir = mkdtempSync(join(tmpdir(), 'petcare-bench-'))
  const results: (Result & { stored?: number })[] = []

  try {
    const baseline = await benchBare(port)
    results.push(baseline)
    results.push(
      await benchServer(
        '/wecom/callback on SQLite',
        `sqlite:${join(dir, 'bench.sqlite')}`,
        port + 1,
      ),
    )

    if (await mysqlAvailable()) {
      const name = `petcare_bench_${process.pid}`
      const admin = await createConnection({ uri: MYSQL_URL })
      await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`)
      const url = new URL(MYSQL_URL)
      url.pathname = `/${name}`
      try {
        results.push(
          await benchServer(
            '/wecom/callback on MariaDB',
            url.toString(),
            port + 2,
          ),
        )
      } finally {
        await admin.query(`DROP DATABASE ${name}`)
        await admin.end()
      }
    } else {
      process.stderr.write(
        `MySQL at ${MYSQL_URL} did not answer; skipping it\n`,
      )
    }

    const cpu = cpus()[0]?.model ?? 'unknown CPU'
    process.stdout.write(
      [
        '',
        `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
        `Load: ${CONNECTIONS} connections for ${SECONDS} s each, distinct signed events, loopback` +
          (PINNED ? '; server pinned to CPU 0, load generator to CPU 1' : ''),
        '',
        '| endpoint | events/s | p50 ms | p99 ms | of baseline | errors |',
        '|---|---|---|---|---|---|',
        ...results.map((result) => row(result, baseline)),
        '',
        ...results
          .filter((result) => result.stored !== undefined)
          .map(
            (result) =>
              `${result.name}: ${result.acknowledged} acknowledged, ${result.stored} rows stored` +
              (result.stored! >= result.acknowledged
                ? ' (every ack is durable)'
                : ' (ACKS WITHOUT ROWS!)'),
          ),
        '',
      ].join('\n'),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String(error)}\n`)
  process.exit(1)
})
