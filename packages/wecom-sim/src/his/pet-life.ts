import { createHash } from 'node:crypto'
import { addDays, diffDays, type LocalDate } from '@petcare/domain'
import type { SeededRandom } from '../sim/random'
import { adultWeight, roundKg, weightAtAge, type Breed } from './breeds'
import type { DemoRow } from './demo-export'

/** A pet as the demo export makes it. */
export interface DemoPet {
  id: string
  customerId: string
  name: string
  species: 'dog' | 'cat'
  breed: Breed
  sex: 'male' | 'female'
  birth: LocalDate
  /** Where in its breed's adult range it ends up, 0–1. */
  size: number
  neutered: boolean
  allergic: boolean
}

/** What a pet's records hang on: its vaccines, worming, weights. */
export interface PetLife {
  vaccinations: DemoRow[]
  deworming: DemoRow[]
  /** Its age in months on a day. */
  ageMonths(day: LocalDate): number
  /** What it weighed on a day; the day becomes a weighing in `weights()`. */
  weightOn(day: LocalDate): number
  /** `count` days for everyday visits, oldest first, in its life. */
  visitDays(count: number): LocalDate[]
  /** A weight row for every day it was weighed, oldest first. */
  weights(): DemoRow[]
}

const MONTH_DAYS = 30.44

/**
 * A pet's life in records before `today`: vaccinations as a hospital gives
 * them (the puppy or kitten series from 6–8 weeks, rabies from 12 weeks, a
 * booster at 26 weeks, then every year or few, a quarter of adults
 * overdue), the latest worming, and weights that follow its breed's growth.
 */
export function petLife(
  random: SeededRandom,
  pet: DemoPet,
  hospitalId: string,
  today: LocalDate,
  story: 'fever' | 'surgery' | null,
): PetLife {
  const yesterday = addDays(today, -1)
  const ageDays = (day: LocalDate) => diffDays(pet.birth, day)
  const adultKg = adultWeight(pet.breed, pet.sex, pet.size)
  const weighed = new Set<LocalDate>()
  const weightOn = (day: LocalDate) => {
    weighed.add(day)
    const months = ageDays(day) / MONTH_DAYS
    const grown = months >= pet.breed.matureMonths
    // A grown pet's weight wobbles a little from visit to visit.
    const wobble = grown ? (hashOf(`${pet.id}${day}`) % 9) - 4 : 0
    return roundKg(weightAtAge(adultKg, pet.breed, months) * (1 + wobble / 100))
  }

  const { core, rabies } = vaccinationDays(random, pet, today, story)
  const vaccinations = [
    ...core.map((day, n) => ({
      type: 'vaccination',
      id: `V${pet.id}-core-${n + 1}`,
      petId: pet.id,
      vaccineId: pet.species === 'cat' ? 'cat-core-fvrcp' : 'dog-core-dhpp',
      vaccineName: pet.species === 'cat' ? '猫三联' : '犬四联',
      givenOn: day,
      hospitalId,
    })),
    ...rabies.map((day, n) => ({
      type: 'vaccination',
      id: `V${pet.id}-rabies-${n + 1}`,
      petId: pet.id,
      vaccineId: `${pet.species}-core-rabies`,
      vaccineName: '狂犬疫苗',
      givenOn: day,
      hospitalId,
    })),
  ]
  for (const day of [...core, ...rabies]) {
    if (ageDays(day) < 365) {
      weighed.add(day)
    }
  }

  // Spot-on wormers are labelled from 8 weeks; kittens and pups monthly.
  const young = ageDays(today) < 183
  const wormed = latest(
    addDays(today, -(young ? random.int(7, 25) : random.int(10, 100))),
    addDays(pet.birth, 56),
  )
  const deworming = [
    {
      type: 'deworming',
      id: `D${pet.id}`,
      petId: pet.id,
      product: pet.species === 'cat' ? '大宠爱' : '超可信',
      kinds: ['internal', 'external'],
      givenOn: wormed,
      hospitalId,
    },
  ]
  weighed.add(
    latest(addDays(today, -random.int(1, 60)), addDays(pet.birth, 56)),
  )

  // Records at this hospital start when the customer came, at 8 weeks at
  // the earliest (the first vaccination).
  const since = latest(
    addDays(today, -random.int(60, 900)),
    addDays(pet.birth, 56),
  )
  return {
    vaccinations,
    deworming,
    ageMonths: (day) => ageDays(day) / MONTH_DAYS,
    weightOn,
    visitDays(count) {
      // Everyday visits end five days ago; a young pet's may be later.
      const fiveDaysAgo = addDays(today, -5)
      const span = diffDays(
        since,
        since > fiveDaysAgo ? yesterday : fiveDaysAgo,
      )
      const days = new Set<LocalDate>()
      if (span < 0) {
        return []
      }
      for (let i = 0; i < count; i++) {
        days.add(addDays(since, random.int(0, span)))
      }
      return [...days].sort()
    },
    weights: () =>
      [...weighed].sort().map((day) => ({
        type: 'weight',
        petId: pet.id,
        measuredOn: day,
        weightKg: weightOn(day),
      })),
  }
}

/**
 * The days of each vaccine's doses, oldest first. Young pets get their
 * series so far (one in five stops after two doses, and is overdue); grown
 * ones their latest doses, a quarter of those old enough overdue.
 */
function vaccinationDays(
  random: SeededRandom,
  pet: DemoPet,
  today: LocalDate,
  story: 'fever' | 'surgery' | null,
): { core: LocalDate[]; rabies: LocalDate[] } {
  const yesterday = addDays(today, -1)
  const at = (days: number) => addDays(pet.birth, days)
  const age = diffDays(pet.birth, today)
  if (story === 'fever') {
    // The 26-week booster, then a yearly 猫三联 yesterday, as many
    // hospitals give it.
    return {
      core: [at(182 + random.int(0, 7)), yesterday],
      rabies: [addDays(today, -120)],
    }
  }
  if (story === 'surgery') {
    return { core: [addDays(today, -210)], rabies: [addDays(today, -210)] }
  }

  if (age < 7 * 30) {
    const core: LocalDate[] = []
    const stopsEarly = random.chance(0.2)
    let day = at((pet.species === 'cat' ? 56 : 42) + random.int(0, 7))
    const seriesDone = () =>
      core.length > 0 && diffDays(pet.birth, core.at(-1) as LocalDate) >= 112
    while (day <= yesterday && !seriesDone()) {
      core.push(day)
      if (stopsEarly && core.length === 2) {
        break
      }
      day = addDays(day, 28)
    }
    const booster = at(182 + random.int(0, 7))
    if (!stopsEarly && booster <= yesterday) {
      core.push(booster)
    }
    const rabies = at(84 + random.int(0, 14))
    return { core, rabies: rabies <= yesterday ? [rabies] : [] }
  }

  const overdue = age > 45 * 30 && random.chance(0.25)
  const core = latest(
    addDays(
      today,
      -(overdue ? random.int(37 * 30, 48 * 30) : random.int(20, 34 * 30)),
    ),
    at(182),
  )
  const rabies = latest(
    addDays(today, -(overdue ? random.int(400, 600) : random.int(20, 340))),
    at(84),
  )
  const before = addDays(rabies, -365)
  return {
    core: [core],
    rabies:
      before >= at(84) && random.chance(0.5) ? [before, rabies] : [rabies],
  }
}

function latest(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b
}

function hashOf(text: string): number {
  return createHash('md5').update(text).digest().readUInt16BE(0)
}
