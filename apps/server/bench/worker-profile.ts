/**
 * Summarizes the V8 CPU profiles `pnpm bench:worker --cpu-prof` writes: where
 * a worker process spent its CPU while the benchmark measured it (the
 * window.json next to the profiles; start-up and the idle wait are left
 * out). Prints the time by package (each sample charged to the innermost
 * package on its stack, so a socket write counts for the driver that made
 * it), self time by function, and the time inside the product's own
 * functions (inclusive, the synchronous part: what runs after an await is
 * charged to whatever resumed it).
 *
 *   node --import tsx bench/worker-profile.ts /tmp/petcare-worker-prof-…/1x-throughput
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: {
    functionName: string
    url: string
    lineNumber: number
  }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

const ROWS = Number(process.env.PROFILE_ROWS ?? 25)

/** Who owns the code at `url`: a package, the product, or Node itself. */
function owner(url: string, functionName: string): string {
  if (!url) {
    // (garbage collector), (program), (idle), native code.
    return functionName.startsWith('(') ? functionName : 'native'
  }
  // Node's fetch is undici, bundled into Node.
  if (url.startsWith('node:internal/deps/undici')) {
    return 'undici (fetch)'
  }
  if (url.startsWith('node:')) {
    return 'node'
  }
  const pnpm =
    /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pnpm) {
    return pnpm[1]!
  }
  const packages = /\/packages\/([^/]+)\//.exec(url)
  if (packages) {
    return `@petcare/${packages[1]}`
  }
  if (url.includes('/apps/server/src/')) {
    return 'server'
  }
  return url
}

/** Node's own code and native frames: charged to whoever called them. */
const RUNTIME = new Set(['node', 'native', '(root)'])

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  // Profiles of tsx's output have no useful line numbers (no source maps).
  const line = url.endsWith('.ts') ? '' : `:${lineNumber + 1}`
  const where = url ? ` ${basename(url)}${line}` : ''
  return `${functionName || '(anonymous)'}${where}`
}

function isOurs(url: string): boolean {
  return (
    url.includes('/apps/server/src/') || /\/packages\/[^/]+\/src\//.test(url)
  )
}

function summarize(
  files: string[],
  window: { from: number; to: number } | null,
) {
  const self = new Map<string, number>()
  const byOwner = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const add = (map: Map<string, number>, key: string, weight: number) =>
    map.set(key, (map.get(key) ?? 0) + weight)
  let total = 0
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
    const parent = new Map<number, number>()
    for (const node of profile.nodes) {
      for (const child of node.children ?? []) {
        parent.set(child, node.id)
      }
    }
    let at = profile.startTime
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i] ?? 0
      // A sample stands for the time until the next one.
      const weight = profile.timeDeltas[i + 1] ?? 0
      if (window && (at < window.from || at > window.to)) {
        continue
      }
      const node = nodes.get(profile.samples[i]!)!
      const name = frameName(node)
      if (name.startsWith('(idle)')) {
        continue
      }
      total += weight
      add(self, name, weight)
      let who: string | null = null
      // Each of our functions on the stack, once per sample.
      const seen = new Set<string>()
      for (
        let id: number | undefined = node.id;
        id !== undefined;
        id = parent.get(id)
      ) {
        const frame = nodes.get(id)!
        const { url, functionName } = frame.callFrame
        const frameOwner = owner(url, functionName)
        if (who === null && !RUNTIME.has(frameOwner)) {
          who = frameOwner
        }
        if (isOurs(url)) {
          const key = frameName(frame)
          if (!seen.has(key)) {
            seen.add(key)
            add(inclusive, key, weight)
          }
        }
      }
      // Only Node's code on the stack: the event loop, promises, GC.
      add(
        byOwner,
        who ?? owner(node.callFrame.url, node.callFrame.functionName),
        weight,
      )
    }
  }
  const table = (title: string, map: Map<string, number>) => {
    const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, ROWS)
    return [
      '',
      title,
      '',
      '| ms | share | |',
      '|---|---|---|',
      ...rows.map(
        ([name, micros]) =>
          `| ${(micros / 1000).toFixed(0)} | ${((micros / total) * 100).toFixed(1)}% | ${name.replaceAll('|', '\\|')} |`,
      ),
    ].join('\n')
  }
  process.stdout.write(
    [
      // Sampled time on the main thread: CPU time when the process had a
      // core to itself, more when it waited for one.
      `${files.length} profile(s), ${(total / 1000).toFixed(0)} ms sampled on the main thread${window ? ' in the measured window' : ''}`,
      table('By package (the innermost on the stack):', byOwner),
      table('Self time by function:', self),
      table('Inside the product’s functions (inclusive):', inclusive),
      '',
    ].join('\n'),
  )
}

function main(): void {
  const target = process.argv[2]
  if (!target || !existsSync(target)) {
    process.stderr.write(
      'usage: node --import tsx bench/worker-profile.ts <profile dir or .cpuprofile>\n',
    )
    process.exit(2)
  }
  const isDir = statSync(target).isDirectory()
  const files = isDir
    ? readdirSync(target)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(target, name))
    : [target]
  const windowFile = join(isDir ? target : join(target, '..'), 'window.json')
  const window = existsSync(windowFile)
    ? (JSON.parse(readFileSync(windowFile, 'utf8')) as {
        from: number
        to: number
      })
    : null
  summarize(files, window)
}

main()
