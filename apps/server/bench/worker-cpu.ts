/**
 * CPU time of the processes in a worker benchmark run, read from /proc
 * (Linux only; elsewhere the meter reports nothing). On a small machine the
 * workers, the simulator, the database and the benchmark share the cores,
 * so a rate means little without knowing which of them was busy, and
 * whether something else on the machine was.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** /proc's CPU times are in clock ticks: USER_HZ, 100 on Linux. */
const TICKS_PER_SECOND = 100

/** Cores busy over the interval, per group of processes (1 = one core). */
export interface CpuReport {
  seconds: number
  groups: Record<string, number>
  /** The part of `groups` spent in the kernel (system time). */
  kernel: Record<string, number>
  /** The whole machine, every process and the kernel. */
  machine: number
  /** The machine minus the groups: other processes on the machine. */
  others: number
  cores: number
}

interface Ticks {
  all: number
  kernel: number
}

function processTicks(pid: number): Ticks {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 2, the command name, may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const kernel = Number(fields[12])
    return { all: Number(fields[11]) + kernel, kernel }
  } catch {
    // Gone (or not Linux): it adds nothing.
    return { all: 0, kernel: 0 }
  }
}

function machineTicks(): { busy: number; cores: number } | null {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n')
    const [user, nice, system, , , irq, softirq, steal] = lines[0]!
      .split(/\s+/)
      .slice(1, 9)
      .map(Number)
    const cores = lines.filter((line) => /^cpu\d+ /.test(line)).length
    return {
      busy: user! + nice! + system! + irq! + softirq! + steal!,
      cores,
    }
  } catch {
    return null
  }
}

/** The first process whose command name is one of `names`, if any. */
export function findPid(names: string[]): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue
      }
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
        if (names.includes(comm)) {
          return Number(entry)
        }
      } catch {
        // It exited while we looked.
      }
    }
  } catch {
    // No /proc.
  }
  return null
}

/** Started before a measured interval, stopped after it. */
export class CpuMeter {
  private constructor(
    private readonly pids: Record<string, number[]>,
    private readonly startedAt: bigint,
    private readonly machineAt: { busy: number; cores: number } | null,
    private readonly ticksAt: Record<string, Ticks>,
  ) {}

  static start(pids: Record<string, number[]>): CpuMeter {
    return new CpuMeter(
      pids,
      process.hrtime.bigint(),
      machineTicks(),
      groupTicks(pids),
    )
  }

  /** Null where /proc cannot be read. */
  stop(): CpuReport | null {
    const machineNow = machineTicks()
    const ticksNow = groupTicks(this.pids)
    const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9
    if (!this.machineAt || !machineNow || seconds <= 0) {
      return null
    }
    const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds
    // A process gone by now reads 0 ticks; it is counted as idle.
    const delta = (name: string, part: keyof Ticks) =>
      cores(Math.max(0, ticksNow[name]![part] - this.ticksAt[name]![part]))
    const names = Object.keys(this.pids)
    const groups = Object.fromEntries(
      names.map((name) => [name, delta(name, 'all')]),
    )
    const kernel = Object.fromEntries(
      names.map((name) => [name, delta(name, 'kernel')]),
    )
    const machine = cores(machineNow.busy - this.machineAt.busy)
    const ours = Object.values(groups).reduce((sum, value) => sum + value, 0)
    return {
      seconds,
      groups,
      kernel,
      machine,
      others: Math.max(0, machine - ours),
      cores: machineNow.cores,
    }
  }
}

function groupTicks(pids: Record<string, number[]>): Record<string, Ticks> {
  return Object.fromEntries(
    Object.entries(pids).map(([name, list]) => [
      name,
      list.map(processTicks).reduce(
        (sum, ticks) => ({
          all: sum.all + ticks.all,
          kernel: sum.kernel + ticks.kernel,
        }),
        { all: 0, kernel: 0 },
      ),
    ]),
  )
}

/**
 * Waits, up to `maxMs`, until the whole machine has been nearly idle for a
 * second: on a shared machine, other people's builds and tests take cores
 * from a run and would make it look slower than it is. Returns the cores
 * busy in the last second looked at (null without /proc).
 */
export async function waitForQuiet(
  maxMs: number,
  busyBelow: number,
): Promise<number | null> {
  const until = Date.now() + maxMs
  let said = false
  for (;;) {
    const before = machineTicks()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const after = machineTicks()
    if (!before || !after) {
      return null
    }
    const busy = (after.busy - before.busy) / TICKS_PER_SECOND
    if (busy < busyBelow || Date.now() > until) {
      return busy
    }
    if (!said) {
      process.stderr.write(
        `machine busy (${busy.toFixed(2)} cores); waiting for it to be quiet\n`,
      )
      said = true
    }
  }
}
