/**
 * Where the server's CPU goes during the sidebar calls, from a V8 CPU
 * profile (`node --cpu-prof`): self time grouped by what the code belongs
 * to (TypeORM, the database driver, Koa, the app, Node's HTTP, GC, …).
 * The server takes the profile over the calls only, through the inspector
 * (see `sidebar-server.ts`), so start-up and warm-up are not in it.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** What a frame belongs to, by its script's path; first match wins. */
const GROUPS: [string, (url: string, name: string) => boolean][] = [
  ['idle (waiting for I/O)', (_, name) => name === '(idle)'],
  ['garbage collection', (_, name) => name === '(garbage collector)'],
  ['TypeORM', (url) => url.includes('/typeorm/')],
  ['mysql2 driver', (url) => url.includes('/mysql2/')],
  [
    // Its native calls have no script; the time of a commit's fsync is here.
    'better-sqlite3 (SQLite itself, in the event loop)',
    (url, name) =>
      url.includes('/better-sqlite3/') ||
      (url === '' &&
        ['run', 'all', 'get', 'iterate', 'exec', 'prepare'].includes(name)),
  ],
  ['Koa and its router', (url) => /\/(koa|@koa|koa-[a-z-]+)\//.test(url)],
  ['pino (access log)', (url) => /\/pino[^/]*\//.test(url)],
  ['zod', (url) => url.includes('/zod/')],
  [
    'app: auth (session, principal, access)',
    (url) => url.includes('/src/modules/auth/'),
  ],
  [
    'app: sidebar and record view',
    (url) => url.includes('/src/modules/sidebar/'),
  ],
  ['app: domain (care protocol)', (url) => url.includes('/packages/domain/')],
  ['app: other', (url) => url.includes('/apps/server/src/')],
  ['Node: http, net, streams', (url) => url.startsWith('node:')],
  ['V8 builtins and native calls (JSON, socket writes)', (url) => url === ''],
  ['other', () => true],
]

/**
 * Lines for the report: milliseconds of CPU per call by group, and the
 * busiest functions of the app and TypeORM.
 */
export function summarizeCpu(
  file: string,
  calls: number,
  seconds: number,
): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const groups = new Map<string, number>()
  const functions = new Map<string, number>()
  // (program) is V8 and native code outside any JS frame.
  let total = 0
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    const micros = profile.timeDeltas[i] ?? 0
    if (!node) {
      return
    }
    const { url, functionName } = node.callFrame
    const group =
      functionName === '(program)'
        ? 'V8 and native, outside JS'
        : GROUPS.find(([, test]) => test(url, functionName))![0]
    groups.set(group, (groups.get(group) ?? 0) + micros)
    if (group !== 'idle (waiting for I/O)') {
      total += micros
      const where = url
        .replace(/^.*\/node_modules\//, '')
        .replace(/^.*\/apps\/server\//, '')
      const key = `${functionName || '(anonymous)'} ${where}`
      functions.set(key, (functions.get(key) ?? 0) + micros)
    }
  })
  const perCall = (micros: number) => (micros / 1000 / calls).toFixed(2)
  const busy = [...groups].filter(([g]) => g !== 'idle (waiting for I/O)')
  return [
    `CPU profile of the server over ${calls} calls at concurrency 8 (${seconds.toFixed(1)} s): ` +
      `${perCall(total)} ms of CPU per call in the server process ` +
      `(${((total / 1e6 / seconds) * 100).toFixed(0)}% of one core).`,
    '',
    '| where | CPU ms per call | share |',
    '|---|---|---|',
    ...busy
      .sort((a, b) => b[1] - a[1])
      .map(
        ([group, micros]) =>
          `| ${group} | ${perCall(micros)} | ${((micros / total) * 100).toFixed(0)}% |`,
      ),
    '',
    'Busiest functions (self time):',
    '',
    ...[...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(
        ([name, micros]) =>
          `- ${perCall(micros)} ms/call ${name.length > 120 ? `${name.slice(0, 117)}…` : name}`,
      ),
  ]
}
