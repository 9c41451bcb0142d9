/**
 * `pnpm worker` processes for the worker benchmark: the real entry
 * (src/worker-main.ts) through tsx's loader, configured by its environment as
 * in production, against the benchmark's database and simulator. They share
 * the queue through `FOR UPDATE SKIP LOCKED`, as on a real deployment.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DEMO_CORP, DEMO_CORP_SECRET } from '@petcare/wecom-sim'

const SERVER_DIR = join(__dirname, '..')
const WORKER_MAIN = join(SERVER_DIR, 'src/worker-main.ts')
const READY_MS = 60_000
const STOP_MS = 15_000

export interface WorkerProcessOptions {
  /** `mysql://…` of the benchmark's database. */
  databaseUrl: string
  /** The simulator's URL. */
  apiBase: string
  /** Where each process writes its V8 CPU profile on exit, if profiling. */
  cpuProfileDir?: string
}

/**
 * The environment `pnpm worker` reads (see config.ts), as a production
 * deployment sets it, with the simulator standing in for WeCom.
 */
function workerEnv(options: WorkerProcessOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_AGENT_ID: DEMO_CORP.agentId,
    WECOM_TOKEN: DEMO_CORP.token,
    WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
    WECOM_SECRET: DEMO_CORP_SECRET,
    WECOM_API_BASE: options.apiBase,
    // Production requires it for sign-in; a worker signs no one in.
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    WORKER: 'on',
    // Should the worker process ever run the re-sync schedule, a full
    // re-sync in the middle of a run would distort it.
    RESYNC_HOURS: '0',
    // The token in the database, as the in-bench worker keeps it; '' also
    // overrides a REDIS_URL in the caller's environment.
    REDIS_URL: '',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  }
}

/** A set of running worker processes. */
export class WorkerProcesses {
  /** `event failed` warnings the processes logged. */
  failures = 0

  private constructor(private readonly children: ChildProcess[]) {}

  static async start(
    count: number,
    options: WorkerProcessOptions,
  ): Promise<WorkerProcesses> {
    const set = new WorkerProcesses([])
    try {
      // All at once, as a deployment starts them: each runs the pending
      // migrations under the database's migration lock.
      await Promise.all(
        Array.from({ length: count }, (_, i) => set.spawnOne(i + 1, options)),
      )
    } catch (error) {
      await set.stop()
      throw error
    }
    return set
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid!)
  }

  /**
   * Freezes the processes (SIGSTOP): events stored meanwhile wait for them,
   * so a run can be timed from "all stored" with the workers already up, as
   * the in-bench worker is. An idle worker holds no row locks, so the
   * inserts are not held up.
   */
  pause(): void {
    for (const child of this.children) {
      child.kill('SIGSTOP')
    }
  }

  /** Lets them go on; their overdue idle timers fire at once. */
  resume(): void {
    for (const child of this.children) {
      child.kill('SIGCONT')
    }
  }

  /** Stops them as `pnpm worker` is stopped (SIGTERM) and waits for them. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return
        }
        const exited = new Promise<void>((resolve) =>
          child.once('exit', () => resolve()),
        )
        child.kill('SIGCONT')
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS)
        await exited
        clearTimeout(timer)
      }),
    )
  }

  private async spawnOne(
    index: number,
    options: WorkerProcessOptions,
  ): Promise<void> {
    const profile = options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
      : []
    // node with tsx's loader rather than the tsx CLI: the CLI runs the
    // script in a second process, and this one's pid must be the worker's,
    // for its CPU time, its signals and its profile.
    const child = spawn(
      process.execPath,
      [...profile, '--import', 'tsx', WORKER_MAIN],
      { cwd: SERVER_DIR, env: workerEnv(options), stdio: 'pipe' },
    )
    this.children.push(child)
    // Never leave a worker behind if the benchmark dies.
    const kill = () => child.kill('SIGKILL')
    process.once('exit', kill)
    child.once('exit', () => process.off('exit', kill))

    createInterface({ input: child.stderr! }).on('line', (line) =>
      process.stderr.write(`[worker ${index}] ${line}\n`),
    )
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`worker ${index} not ready in ${READY_MS} ms`)),
        READY_MS,
      )
      const onExit = (code: number | null) => {
        clearTimeout(timer)
        reject(new Error(`worker ${index} exited (${code}) before it started`))
      }
      child.once('exit', onExit)
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let entry: { level?: number; msg?: string } = {}
        try {
          entry = JSON.parse(line) as typeof entry
        } catch {
          process.stderr.write(`[worker ${index}] ${line}\n`)
          return
        }
        if (entry.msg === 'event worker started') {
          clearTimeout(timer)
          child.off('exit', onExit)
          resolve()
        } else if (entry.msg === 'event failed') {
          this.failures++
        }
        // Warnings and errors are worth seeing; info lines are start-up.
        if ((entry.level ?? 0) >= 40 && entry.msg !== 'event failed') {
          process.stderr.write(`[worker ${index}] ${line}\n`)
        }
      })
    })
  }
}
