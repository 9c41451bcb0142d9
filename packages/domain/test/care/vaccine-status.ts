import {
  computeVaccineStatus,
  DEFAULT_PROTOCOL,
  type Species,
  type VaccineStatusInput,
} from '../../src'

// Puppy and kitten ages used in the tests, counted by hand from 2026-01-01
// (Jan 31 = day 30, Feb 28 = day 58, Mar 31 = day 89, Apr 30 = day 119,
// May 31 = day 150, Jun 30 = day 180, Jul 31 = day 211):
//   8 w = 56 d → 2026-02-26     12 w = 84 d → 2026-03-26
//  10 w = 70 d → 2026-03-12     14 w = 98 d → 2026-04-09
//  15 w = 105 d → 2026-04-16    16 w = 112 d → 2026-04-23
//  17 w = 119 d → 2026-04-30    20 w = 140 d → 2026-05-21
//  26 w = 182 d → 2026-07-02    30 w = 210 d → 2026-07-30
export const PUP_BORN = '2026-01-01'

/** The status of one vaccine for a pet with `[vaccineId, givenAt]` doses. */
export function vaccineStatusOf(
  species: Species,
  birthDate: string,
  doses: [string, string][],
  today: string,
  vaccineId: string,
  extra: Partial<VaccineStatusInput> = {},
) {
  const report = computeVaccineStatus({
    species,
    birthDate,
    doses: doses.map(([id, givenAt]) => ({ vaccineId: id, givenAt })),
    today,
    protocol: DEFAULT_PROTOCOL,
    ...extra,
  })
  return report.statuses.find((s) => s.vaccineId === vaccineId)!
}
