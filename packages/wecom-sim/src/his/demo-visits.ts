import { addDays, type LocalDate } from '@petcare/domain'
import type { SeededRandom } from '../sim/random'
import {
  bloodPanel,
  COMPLAINTS,
  temperature,
  vitals,
  type Drug,
} from './clinic'
import type { DemoRow } from './demo-export'
import type { DemoPet, PetLife } from './pet-life'

/** Where a customer is seen: their hospital and its doctor. */
export interface Place {
  hospitalId: string
  doctorName: string | null
  doctorUserId: string | null
}

/**
 * An everyday visit on `day`: a complaint the pet is old enough for, the
 * examination with its weight that day, and what was prescribed (never a
 * penicillin for a pet allergic to them).
 */
export function clinicVisit(
  random: SeededRandom,
  pet: DemoPet,
  place: Place,
  life: PetLife,
  day: LocalDate,
  n: number,
): DemoRow {
  const age = life.ageMonths(day)
  const complaint = random.pick(COMPLAINTS.filter((c) => c.minAgeMonths <= age))
  const kg = life.weightOn(day)
  const prescribed = complaint.drugs && random.chance(0.7)
  const drugs =
    pet.allergic && complaint.allergic
      ? complaint.allergic
      : (complaint.drugs?.(pet.species, kg) ?? [])
  return visitRow(place, {
    id: `VIS${pet.id}-${n}`,
    pet,
    at: `${day}T${clockTime(random.int(9 * 12, 19 * 12 + 6) * 5)}`,
    reason: complaint.reason,
    history: complaint.history(pet.species, random),
    exam: {
      temperatureC: temperature(
        pet.species,
        complaint.fever === true && random.chance(0.5),
        random,
      ),
      ...vitals(pet.species, kg, random),
      weightKg: kg,
      findings: complaint.findings,
    },
    diagnoses: [complaint.diagnosis],
    treatments: complaint.treatments,
    prescriptions: prescribed ? drugs : [],
    labs: random.chance(complaint.labs) ? bloodPanel(pet.species, random) : [],
    amount: random.int(...complaint.amount),
  })
}

/**
 * The demo's two stories. The cat had its yearly 猫三联 yesterday morning and
 * came back that evening with a mild fever: expected after a vaccine, so
 * the doctor advises watching it, and flags the recent vaccination. The dog
 * broke its left tibia and had it fixed five days ago; a recheck is due in
 * two days.
 */
export function featuredVisits(
  random: SeededRandom,
  pet: DemoPet,
  place: Place,
  life: PetLife,
  today: LocalDate,
  story: 'fever' | 'surgery',
): DemoRow[] {
  return story === 'fever'
    ? feverAfterVaccine(random, pet, place, life, addDays(today, -1))
    : afterSurgery(random, pet, place, life, today)
}

function feverAfterVaccine(
  random: SeededRandom,
  pet: DemoPet,
  place: Place,
  life: PetLife,
  day: LocalDate,
): DemoRow[] {
  const kg = life.weightOn(day)
  return [
    visitRow(place, {
      id: `VIS${pet.id}-vaccine`,
      pet,
      at: `${day}T10:10:00+08:00`,
      reason: '疫苗接种',
      history: '按时来接种猫三联，近期精神食欲良好。',
      exam: {
        temperatureC: temperature('cat', false, random),
        ...vitals('cat', kg, random),
        weightKg: kg,
        findings: '各项体征正常，适合接种',
      },
      diagnoses: ['健康'],
      treatments: ['猫三联疫苗接种'],
      prescriptions: [],
      labs: [],
      amount: 120,
    }),
    visitRow(place, {
      id: `VIS${pet.id}-fever`,
      pet,
      at: `${day}T19:40:00+08:00`,
      reason: '发烧',
      history:
        '今日上午接种猫三联，傍晚起精神稍差、食欲下降，耳朵摸着发热；无呕吐、腹泻。',
      exam: {
        temperatureC: 39.4,
        ...vitals('cat', kg, random),
        weightKg: kg,
        findings: '精神稍沉郁，注射部位无肿胀，心肺听诊正常',
      },
      diagnoses: ['疫苗接种后一过性发热'],
      treatments: [
        '观察 24–48 小时',
        '多饮水，安静休息',
        '体温超过 39.7℃ 或持续超过 48 小时即复诊',
      ],
      prescriptions: [],
      labs: [],
      amount: 60,
    }),
    {
      type: 'care_flag',
      petId: pet.id,
      flag: 'recent_vaccination',
      sinceOn: day,
      untilOn: addDays(day, 7),
    },
  ]
}

function afterSurgery(
  random: SeededRandom,
  pet: DemoPet,
  place: Place,
  life: PetLife,
  today: LocalDate,
): DemoRow[] {
  const day = addDays(today, -5)
  const kg = life.weightOn(day)
  const drugs: Drug[] = [
    { drug: '美洛昔康口服液', dose: '0.1 mg/kg，每日 1 次', days: 5 },
    { drug: '头孢氨苄片', dose: '15 mg/kg，每日 2 次', days: 7 },
  ]
  return [
    visitRow(place, {
      id: `VIS${pet.id}-surgery`,
      pet,
      at: `${day}T09:30:00+08:00`,
      reason: '左后肢骨折',
      history: '昨晚从沙发跳下后左后肢不敢着地，触碰时疼痛明显。',
      exam: {
        temperatureC: temperature('dog', false, random),
        ...vitals('dog', kg, random),
        weightKg: kg,
        findings: 'X 光示左胫骨中段斜骨折，无开放性伤口',
      },
      diagnoses: ['左胫骨骨折'],
      treatments: ['术前血检', '骨折内固定手术', '术后镇痛'],
      prescriptions: drugs,
      labs: bloodPanel('dog', random),
      amount: 6800,
      recheckOn: addDays(today, 2),
    }),
    {
      type: 'care_flag',
      petId: pet.id,
      flag: 'post_surgery',
      sinceOn: day,
      untilOn: addDays(day, 30),
      note: '伤口护理，限制运动',
    },
  ]
}

/** `HH:MM:00+08:00` for minutes after midnight. */
function clockTime(minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${hh}:${mm}:00+08:00`
}

function visitRow(
  place: Place,
  input: {
    id: string
    pet: DemoPet
    at: string
    reason: string
    history: string
    exam: Record<string, unknown>
    diagnoses: string[]
    treatments: string[]
    prescriptions: Drug[]
    labs: unknown[]
    amount: number
    recheckOn?: LocalDate
  },
): DemoRow {
  return {
    type: 'visit',
    id: input.id,
    petId: input.pet.id,
    customerId: input.pet.customerId,
    hospitalId: place.hospitalId,
    doctorName: place.doctorName,
    doctorUserId: place.doctorUserId,
    visitedAt: input.at,
    reason: input.reason,
    history: input.history,
    exam: input.exam,
    diagnoses: input.diagnoses,
    treatments: input.treatments,
    prescriptions: input.prescriptions,
    labs: input.labs,
    recheckOn: input.recheckOn ?? null,
    amount: input.amount,
    paid: true,
  }
}
