import { addDays, addMonths, type LocalDate } from '@petcare/domain'
import { GIVEN_NAMES, SURNAMES } from '../sim/names'
import { SeededRandom } from '../sim/random'
import { seedCorp } from '../sim/seed'
import type { SimState } from '../sim/state'
import { breedsOf } from './breeds'
import { clinicVisit, featuredVisits, type Place } from './demo-visits'
import { petLife, type DemoPet } from './pet-life'

/** One row of a hospital-system export (see the server's import schema). */
export type DemoRow = Record<string, unknown> & { type: string }

/**
 * The demo hospital group's export, as its hospital system would write it:
 * the seeded corp's regions and hospitals, and for each seeded WeCom
 * customer a hospital customer (same customer ID as the group names use), a
 * pet (some have two), its weights, vaccinations, deworming and visits.
 *
 * Dates are relative to `today` and all before it: a cat vaccinated
 * yesterday morning and seen that evening with the mild fever that can
 * follow, a dog five days after fracture surgery, overdue vaccines and a
 * drug allergy. Every record falls in its pet's life, and weights follow
 * the breed's growth.
 */
export function buildDemoExport(options: {
  today: LocalDate
  seed?: number
}): DemoRow[] {
  const { today } = options
  const seed = options.seed ?? 1
  const corp = seedCorp(seed, { today })
  const random = new SeededRandom(seed * 7919)
  const rows: DemoRow[] = [...organisation(corp)]

  corp.customers.forEach((customer, index) => {
    const place = placeOf(corp, customer.externalUserId)
    const customerId = customer.customerNo
    rows.push({
      type: 'customer',
      id: customerId,
      name: personName(random),
      phone: `1${random.pick(['38', '39', '58', '86'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      hospitalId: place.hospitalId,
    })

    // The first two are the demo's stories: a cat and a dog of 20 months.
    const pet = newPet(random, today, {
      id: `P${customerId.slice(1)}`,
      customerId,
      name: customer.petName,
      species: customer.species,
      ageMonths: index < 2 ? 20 : random.int(3, 150),
      allergic: index === 2 || index % 40 === 7,
    })
    const story = index === 0 ? 'fever' : index === 1 ? 'surgery' : null
    rows.push(...petRows(random, pet, place, today, story))
    if (pet.allergic) {
      rows.push({
        type: 'alert',
        id: `A${customerId}`,
        petId: pet.id,
        kind: 'allergy',
        text: '青霉素类药物过敏',
        severity: 'high',
      })
    }

    if (index >= 3 && index % 6 === 0) {
      const second = newPet(random, today, {
        id: `${pet.id}B`,
        customerId,
        name: random.pick(SECOND_PETS),
        ageMonths: random.int(3, 60),
        allergic: false,
      })
      rows.push(...petRows(random, second, place, today, null, 0))
    }
  })
  return rows
}

const SECOND_PETS = ['豆豆', '团子', '可乐', '年糕', '布丁', '花卷', '芝麻']

/** A surname and a given name of one or two characters: 王伟, 李秀英, 张子轩. */
function personName(random: SeededRandom): string {
  const surname = random.pick(SURNAMES)[0]
  const given = random.pick(GIVEN_NAMES)[0]
  const more = random.chance(0.5) ? random.pick(GIVEN_NAMES)[0] : ''
  return given.length + more.length > 2
    ? `${surname}${given}`
    : `${surname}${given}${more}`
}

function organisation(corp: SimState): DemoRow[] {
  const rows: DemoRow[] = []
  for (const region of corp.departments.filter((d) => d.kind === 'region')) {
    rows.push({
      type: 'region',
      id: `R${region.id}`,
      name: region.name,
      wecomDepartmentId: region.id,
    })
  }
  for (const store of corp.departments.filter((d) => d.kind === 'store')) {
    rows.push({
      type: 'hospital',
      id: `H${store.id}`,
      name: store.name,
      regionId: store.parentId ? `R${store.parentId}` : null,
      wecomDepartmentId: store.id,
    })
  }
  return rows
}

/** A customer's hospital (their butler's) and its doctor. */
function placeOf(corp: SimState, externalUserId: string): Place {
  const follow = corp.follows.find((f) => f.externalUserId === externalUserId)
  const member = corp.members.find((m) => m.userid === follow?.userid)
  const store =
    member?.mainDepartment ??
    (corp.departments.find((d) => d.kind === 'store')?.id as string)
  const doctor = corp.members.find(
    (m) => m.role === 'doctor' && m.mainDepartment === store,
  )
  return {
    hospitalId: `H${store}`,
    doctorName: doctor?.name ?? null,
    doctorUserId: doctor?.userid ?? null,
  }
}

function newPet(
  random: SeededRandom,
  today: LocalDate,
  input: {
    id: string
    customerId: string
    name: string
    species?: 'dog' | 'cat'
    ageMonths: number
    allergic: boolean
  },
): DemoPet {
  const species = input.species ?? (random.chance(0.5) ? 'cat' : 'dog')
  const sex = random.chance(0.5) ? 'male' : 'female'
  return {
    id: input.id,
    customerId: input.customerId,
    name: input.name,
    species,
    breed: random.pick(breedsOf(species)),
    sex,
    birth: addDays(addMonths(today, -input.ageMonths), -random.int(0, 27)),
    size: random.next(),
    neutered: input.ageMonths >= 7 && random.chance(0.65),
    allergic: input.allergic,
  }
}

/**
 * A pet's row and its records: `visits` everyday visits (1–3 by default),
 * and the story's own for the featured two.
 */
function petRows(
  random: SeededRandom,
  pet: DemoPet,
  place: Place,
  today: LocalDate,
  story: 'fever' | 'surgery' | null,
  visits = random.int(1, 3),
): DemoRow[] {
  const life = petLife(random, pet, place.hospitalId, today, story)
  const rows: DemoRow[] = [
    {
      type: 'pet',
      id: pet.id,
      customerId: pet.customerId,
      name: pet.name,
      species: pet.species,
      breed: pet.breed.name,
      sex: pet.sex,
      neutered: pet.neutered,
      birthDate: pet.birth,
    },
    ...life.vaccinations,
    ...life.deworming,
  ]
  const days = life.visitDays(visits)
  days.forEach((day, n) => {
    rows.push(clinicVisit(random, pet, place, life, day, n))
  })
  if (story) {
    rows.push(...featuredVisits(random, pet, place, life, today, story))
  }
  rows.push(...life.weights())
  return rows
}

/**
 * Which demo WeCom customers are bound to their hospital record when the
 * demo starts: all but every eighth (from the third on), so the demo also
 * has customers a butler still has to bind.
 */
export function buildDemoBindings(options: { seed?: number } = {}): {
  externalUserId: string
  customerId: string
}[] {
  const corp = seedCorp(options.seed ?? 1)
  return corp.customers
    .filter((_, index) => index < 2 || index % 8 !== 2)
    .map((c) => ({
      externalUserId: c.externalUserId,
      customerId: c.customerNo,
    }))
}
