import type { LeaderboardResponse } from '@petcare/shared'
import { useLoad } from '@petcare/web'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { BoardQuery } from './leaderboard'
import { fetchLeaderboard, putTarget } from './leaderboard.api'

/** The new-follower board of one week, level and scope. */
export const useLeaderboardStore = defineStore('leaderboard', () => {
  const query = shallowRef<BoardQuery | null>(null)
  /** The last board that loaded; kept on screen while the next one loads. */
  const board = shallowRef<LeaderboardResponse | null>(null)

  const { state, error, load } = useLoad(
    () => fetchLeaderboard(query.value!),
    (next) => (board.value = next),
  )

  function show(next: BoardQuery): Promise<void> {
    query.value = next
    return load()
  }

  /** Saves a region's target and shows it at once; throws the `ApiError`. */
  async function saveTarget(regionId: string, target: number): Promise<void> {
    const current = board.value
    if (!current) return
    await putTarget({ regionId, week: current.week, target })
    // The board may have moved on to another week meanwhile.
    const shown = board.value
    if (shown?.week !== current.week) return
    const before = shown.rows.find((row) => row.id === regionId)?.target ?? 0
    board.value = {
      ...shown,
      rows: shown.rows.map((row) =>
        row.id === regionId ? { ...row, target } : row,
      ),
      // The total target is the regions' sum; keep it in step.
      totals: {
        ...shown.totals,
        target: (shown.totals.target ?? 0) - before + target,
      },
    }
  }

  return { query, board, state, error, show, load, saveTarget }
})
