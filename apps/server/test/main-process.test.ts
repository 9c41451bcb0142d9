import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'

const SERVER_DIR = join(__dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

describe('the server process', () => {
  it('finishes a graceful stop when SIGINT arrives twice', async () => {
    // Behind `npm start`, a terminal's Ctrl-C can reach the server more than
    // once (directly and relayed); the stop under way must still finish.
    const dir = mkdtempSync(join(tmpdir(), 'petcare-main-'))
    const port = await freePort()
    const child = spawn(
      join(SERVER_DIR, 'node_modules/.bin/tsx'),
      ['src/main.ts'],
      {
        cwd: SERVER_DIR,
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: `sqlite:${join(dir, 'main.sqlite')}`,
          LOG_FORMAT: 'json',
          NODE_ENV: 'development',
          WORKER: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so the test can signal the group as a
        // terminal's Ctrl-C does.
        detached: true,
      },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      // A first start imports the demo records: seconds on a busy machine.
      for (let i = 0; i < 300 && !output.includes('server listening'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(output).toContain('server listening')
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', resolve),
      )
      // The server's own pid, from its log, since tsx runs it as a child.
      const serverPid = Number(/"pid":(\d+)/.exec(output)![1])
      process.kill(serverPid, 'SIGINT')
      process.kill(serverPid, 'SIGINT')
      expect(await exited).toBe(0)
      expect(output).toContain('"msg":"stopped"')
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
