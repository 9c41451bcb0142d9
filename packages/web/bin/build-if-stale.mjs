#!/usr/bin/env node
// `petcare-build-if-stale`, the `build:if-stale` script of the sidebar and the
// console: in the app it runs in (the working directory), runs `vite build`
// only when dist/index.html is missing or older than the newest of its
// inputs (the app's and this package's sources); otherwise prints nothing
// and exits 0. Used by `pnpm serve` so a fresh checkout starts without a
// manual build.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = process.cwd()
const web = join(dirname(fileURLToPath(import.meta.url)), '..')
const inputs = [
  ...['src', 'index.html', 'vite.config.ts', 'package.json'].map((input) =>
    join(root, input),
  ),
  join(web, 'src'),
  join(web, 'package.json'),
]

/** Modification time in ms, or -1 when the path does not exist. */
function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs
  } catch (error) {
    if (error.code === 'ENOENT') return -1
    throw error
  }
}

/** Newest modification time of a file, or of any file under a directory. */
function newest(path) {
  let stat
  try {
    stat = statSync(path)
  } catch (error) {
    if (error.code === 'ENOENT') return -1
    throw error
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let max = -1
  for (const entry of readdirSync(path)) {
    max = Math.max(max, newest(join(path, entry)))
  }
  return max
}

const built = mtimeOf(join(root, 'dist', 'index.html'))
const source = Math.max(...inputs.map(newest))

if (built >= 0 && built >= source) process.exit(0)

const vite = join(
  root,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'vite.cmd' : 'vite',
)
const result = spawnSync(vite, ['build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (result.error) {
  process.stderr.write(`Could not run ${vite}: ${result.error.message}\n`)
  process.exit(1)
}
process.exit(result.status ?? 1)
