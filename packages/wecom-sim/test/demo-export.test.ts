import { addDays, diffDays } from '@petcare/domain'
import { buildDemoExport, seedCorp, type DemoRow } from '../src'

/**
 * Adult weights a vet would accept for each breed the demo uses, kept
 * apart from the generator's own table (and wider), so a mistake in one
 * does not hide in the other.
 */
const ADULT_KG: Record<string, [number, number]> = {
  柯基: [8, 17],
  金毛: [20, 40],
  泰迪: [1.5, 7],
  柴犬: [6, 14],
  比熊: [3, 9],
  拉布拉多: [22, 42],
  边牧: [11, 25],
  英国短毛猫: [3, 9],
  布偶猫: [3.5, 10],
  中华田园猫: [2.5, 7.5],
  美国短毛猫: [3, 8],
  暹罗猫: [2.5, 6.5],
}
const PENICILLINS = /阿莫西林|青霉素|氨苄西林/
const DOG_ONLY = /奥拉替尼|超可信|美洛昔康/

/** The day a row happened on, for rows that record the past. */
function dayOf(row: DemoRow): string | undefined {
  const value = row.visitedAt ?? row.givenOn ?? row.measuredOn ?? row.sinceOn
  return typeof value === 'string' ? value.slice(0, 10) : undefined
}

function ageMonths(birth: string, day: string): number {
  return diffDays(birth, day) / 30.44
}

// A Saturday, a Monday, another season; and three seeds.
describe.each([
  ['2026-12-05', 1],
  ['2026-12-07', 2],
  ['2027-03-01', 3],
])('buildDemoExport (today %s, seed %i)', (today, seed) => {
  const rows = buildDemoExport({ today, seed })
  const pets = new Map(
    rows.filter((r) => r.type === 'pet').map((r) => [r.id as string, r]),
  )
  const ofPet = (petId: string, type: string) =>
    rows.filter((r) => r.petId === petId && r.type === type)

  it('has every record of a pet within its life, and nothing on or after today', () => {
    const problems: string[] = []
    for (const row of rows) {
      const pet = pets.get(row.petId as string)
      const day = dayOf(row)
      if (!pet || !day) {
        continue
      }
      const birth = pet.birthDate as string
      if (day < birth || day >= today) {
        problems.push(
          `${row.type} ${String(row.id ?? '')} on ${day}, born ${birth}`,
        )
      }
      if (row.type === 'vaccination') {
        const rabies = String(row.vaccineId).endsWith('rabies')
        if (diffDays(birth, day) < (rabies ? 84 : 42)) {
          problems.push(`${String(row.id)} at ${diffDays(birth, day)} days old`)
        }
      }
    }
    for (const pet of pets.values()) {
      if ((pet.birthDate as string) >= addDays(today, -60)) {
        problems.push(`${String(pet.id)} born ${String(pet.birthDate)}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('times every visit before today in China, within opening hours', () => {
    const midnight = Date.parse(`${today}T00:00:00+08:00`)
    for (const visit of rows.filter((r) => r.type === 'visit')) {
      const at = visit.visitedAt as string
      expect([at, Date.parse(at) < midnight]).toEqual([at, true])
      expect(at.slice(11, 13) >= '08' && at.slice(11, 13) <= '20').toBe(true)
    }
  })

  it('weighs each pet as its breed and age allow, and a growing pet more each time', () => {
    const problems: string[] = []
    for (const pet of pets.values()) {
      const [low, high] = ADULT_KG[pet.breed as string]!
      const weights = ofPet(pet.id as string, 'weight').sort((a, b) =>
        String(a.measuredOn).localeCompare(String(b.measuredOn)),
      )
      expect(weights.length).toBeGreaterThan(0)
      let previous = 0
      for (const w of weights) {
        const kg = w.weightKg as number
        const age = ageMonths(pet.birthDate as string, w.measuredOn as string)
        const grown = age >= 18
        const fits = grown
          ? kg >= low && kg <= high
          : kg <= high && (age >= 3 || kg <= high * 0.45)
        if (!fits) {
          problems.push(
            `${String(pet.breed)} ${kg} kg at ${age.toFixed(1)} months`,
          )
        }
        if (age < 8 && kg < previous) {
          problems.push(`${String(pet.id)} lost weight while growing`)
        }
        previous = kg
      }
    }
    expect(problems).toEqual([])
  })

  it('names each customer with two or three characters', () => {
    for (const customer of rows.filter((r) => r.type === 'customer')) {
      expect(String(customer.name)).toMatch(/^\p{Script=Han}{2,3}$/u)
    }
  })

  it('writes the weight of the day on each visit', () => {
    for (const visit of rows.filter((r) => r.type === 'visit')) {
      const exam = visit.exam as { weightKg: number }
      const weighed = ofPet(visit.petId as string, 'weight').find(
        (w) => w.measuredOn === (visit.visitedAt as string).slice(0, 10),
      )
      expect(weighed?.weightKg).toBe(exam.weightKg)
    }
  })

  it('prescribes no penicillin to a pet allergic to it, and no dog drug to a cat', () => {
    const allergic = new Set(
      rows.filter((r) => r.type === 'alert').map((r) => r.petId),
    )
    expect(allergic.size).toBeGreaterThan(0)
    for (const visit of rows.filter((r) => r.type === 'visit')) {
      const drugs = (visit.prescriptions as { drug: string }[])
        .map((p) => p.drug)
        .join(' ')
      if (allergic.has(visit.petId)) {
        expect(drugs).not.toMatch(PENICILLINS)
      }
      if (pets.get(visit.petId as string)!.species === 'cat') {
        expect(drugs).not.toMatch(DOG_ONLY)
      }
    }
  })

  it('has the members tag each customer with the species of their first pet', () => {
    const corp = seedCorp(seed, { today })
    const tagNames = new Map(
      corp.tagGroups.flatMap((g) => g.tags.map((t) => [t.id, t.name])),
    )
    for (const customer of corp.customers) {
      const pet = pets.get(`P${customer.customerNo.slice(1)}`)!
      const expected = pet.species === 'cat' ? '猫' : '狗'
      for (const follow of corp.follows.filter(
        (f) => f.externalUserId === customer.externalUserId,
      )) {
        const petTypes = follow.tagIds
          .map((id) => tagNames.get(id))
          .filter((name) => ['猫', '狗', '异宠'].includes(name!))
        expect(petTypes).toEqual([expected])
      }
    }
  })

  it('tells the featured cat’s story: vaccinated yesterday morning, a mild fever that evening, watched rather than treated', () => {
    const corp = seedCorp(seed, { today })
    const catId = `P${corp.customers[0]!.customerNo.slice(1)}`
    const yesterday = addDays(today, -1)
    expect(pets.get(catId)).toMatchObject({ species: 'cat' })
    expect(
      ofPet(catId, 'vaccination').map((v) => [v.vaccineName, v.givenOn]),
    ).toContainEqual(['猫三联', yesterday])
    const visits = ofPet(catId, 'visit').filter((v) => dayOf(v) === yesterday)
    expect(visits.map((v) => v.reason)).toEqual(['疫苗接种', '发烧'])
    const fever = visits[1]!
    expect(fever.history).toMatch(/今日上午接种/)
    expect(fever.history).not.toMatch(/约\s*\d+\s*天/)
    expect(fever.prescriptions).toEqual([])
    expect((fever.exam as { temperatureC: number }).temperatureC).toBeLessThan(
      39.8,
    )
  })

  it('has the featured dog five days after surgery, its recheck in two days', () => {
    const corp = seedCorp(seed, { today })
    const dogId = `P${corp.customers[1]!.customerNo.slice(1)}`
    const surgery = ofPet(dogId, 'visit').find((v) =>
      String(v.id).endsWith('surgery'),
    )!
    expect(dayOf(surgery)).toBe(addDays(today, -5))
    expect(surgery.recheckOn).toBe(addDays(today, 2))
    expect(ofPet(dogId, 'care_flag')).toEqual([
      expect.objectContaining({ flag: 'post_surgery' }),
    ])
  })
})
