import { addDays, addMonths, type LocalDate } from '@petcare/domain'
import { GIVEN_NAMES, SURNAMES } from '../sim/names'
import { SeededRandom } from '../sim/random'
import { seedCorp } from '../sim/seed'

/** One row of a hospital-system export (see the server's import schema). */
export type DemoRow = Record<string, unknown> & { type: string }

const DOG_BREEDS = ['柯基', '金毛', '泰迪', '柴犬', '比熊', '拉布拉多', '边牧']
const CAT_BREEDS = [
  '英国短毛猫',
  '布偶猫',
  '中华田园猫',
  '美国短毛猫',
  '暹罗猫',
]
const COMPLAINTS = [
  ['呕吐', '急性胃肠炎'],
  ['皮肤瘙痒', '过敏性皮炎'],
  ['咳嗽', '上呼吸道感染'],
  ['体检', '健康'],
  ['拉肚子', '肠炎'],
  ['牙结石', '牙周病'],
] as const

/**
 * The demo hospital group's export, as its hospital system would write it:
 * the seeded corp's regions and hospitals, and for each seeded WeCom
 * customer a hospital customer (same customer ID as the group names use), a
 * pet, vaccinations, deworming and visits. Dates are relative to `today`, so
 * the demo always has a cat vaccinated yesterday with a mild fever today, a
 * dog recovering from surgery, overdue vaccines and a drug allergy.
 */
export function buildDemoExport(options: {
  today: LocalDate
  seed?: number
}): DemoRow[] {
  const { today } = options
  const corp = seedCorp(options.seed ?? 1)
  const random = new SeededRandom((options.seed ?? 1) * 7919)
  const rows: DemoRow[] = []

  const regions = corp.departments.filter((d) => d.kind === 'region')
  const stores = corp.departments.filter((d) => d.kind === 'store')
  for (const region of regions) {
    rows.push({
      type: 'region',
      id: `R${region.id}`,
      name: region.name,
      wecomDepartmentId: region.id,
    })
  }
  for (const store of stores) {
    rows.push({
      type: 'hospital',
      id: `H${store.id}`,
      name: store.name,
      regionId: store.parentId ? `R${store.parentId}` : null,
      wecomDepartmentId: store.id,
    })
  }

  corp.customers.forEach((customer, index) => {
    const follow = corp.follows.find(
      (f) => f.externalUserId === customer.externalUserId,
    )
    const member = corp.members.find((m) => m.userid === follow?.userid)
    const hospitalId = `H${member?.mainDepartment ?? stores[0]!.id}`
    const doctor = corp.members.find(
      (m) => m.role === 'doctor' && m.mainDepartment === member?.mainDepartment,
    )
    const customerId = customer.customerNo
    const petId = `P${customerId.slice(1)}`
    const species =
      index === 0
        ? 'cat'
        : index === 1
          ? 'dog'
          : random.chance(0.5)
            ? 'cat'
            : 'dog'
    const ageMonths = index < 2 ? 20 : random.int(4, 150)

    rows.push({
      type: 'customer',
      id: customerId,
      name: `${random.pick(SURNAMES)[0]}${random.pick(GIVEN_NAMES)[0]}${random.chance(0.5) ? random.pick(GIVEN_NAMES)[0] : ''}`,
      phone: `1${random.pick(['38', '39', '58', '86'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      hospitalId,
    })
    rows.push({
      type: 'pet',
      id: petId,
      customerId,
      name: customer.petName,
      species,
      breed: random.pick(species === 'cat' ? CAT_BREEDS : DOG_BREEDS),
      sex: random.chance(0.5) ? 'male' : 'female',
      neutered: random.chance(0.6),
      birthDate: addMonths(today, -ageMonths),
    })
    rows.push({
      type: 'weight',
      petId,
      measuredOn: addDays(today, -random.int(1, 60)),
      weightKg:
        species === 'cat' ? random.int(30, 60) / 10 : random.int(40, 300) / 10,
    })

    const core =
      species === 'cat'
        ? ['cat-core-fvrcp', '猫三联']
        : ['dog-core-dhpp', '犬四联']
    const overdue = index >= 2 && random.chance(0.25)
    const lastCore =
      index === 0
        ? addDays(today, -1)
        : addDays(
            today,
            -(overdue ? random.int(1200, 1400) : random.int(30, 700)),
          )
    const lastRabies = addDays(
      today,
      -(overdue ? random.int(400, 700) : random.int(20, 330)),
    )
    rows.push(
      {
        type: 'vaccination',
        id: `V${customerId}-1`,
        petId,
        vaccineId: core[0],
        vaccineName: core[1],
        givenOn: lastCore,
        hospitalId,
      },
      {
        type: 'vaccination',
        id: `V${customerId}-2`,
        petId,
        vaccineId: `${species}-core-rabies`,
        vaccineName: '狂犬疫苗',
        givenOn: lastRabies,
        hospitalId,
      },
      {
        type: 'deworming',
        id: `D${customerId}`,
        petId,
        product: '大宠爱',
        kinds: ['internal', 'external'],
        givenOn: addDays(today, -random.int(10, 120)),
        hospitalId,
      },
    )

    const visits = random.int(1, 3)
    for (let v = 0; v < visits; v++) {
      const [reason, diagnosis] = random.pick(COMPLAINTS)
      rows.push(
        visitRow({
          id: `VIS${customerId}-${v}`,
          petId,
          customerId,
          hospitalId,
          doctorName: doctor?.name ?? null,
          doctorUserId: doctor?.userid ?? null,
          day: addDays(today, -random.int(20, 600)),
          reason,
          diagnoses: [diagnosis],
          treatments: diagnosis === '健康' ? [] : ['对症治疗'],
          amount: random.int(80, 900),
        }),
      )
    }

    if (index === 0) {
      // Vaccinated yesterday, a mild fever today: expected, and said so.
      rows.push(
        visitRow({
          id: `VIS${customerId}-today`,
          petId,
          customerId,
          hospitalId,
          doctorName: doctor?.name ?? null,
          doctorUserId: doctor?.userid ?? null,
          day: today,
          reason: '发烧',
          temperatureC: 39.3,
          diagnoses: ['疫苗接种后一过性发热'],
          treatments: ['观察 24–48 小时', '多饮水'],
          amount: 60,
        }),
      )
      rows.push({
        type: 'care_flag',
        petId,
        flag: 'recent_vaccination',
        sinceOn: lastCore,
        untilOn: addDays(lastCore, 7),
      })
    }
    if (index === 1) {
      const surgery = addDays(today, -5)
      rows.push(
        visitRow({
          id: `VIS${customerId}-surgery`,
          petId,
          customerId,
          hospitalId,
          doctorName: doctor?.name ?? null,
          doctorUserId: doctor?.userid ?? null,
          day: surgery,
          reason: '左后肢骨折',
          diagnoses: ['左胫骨骨折'],
          treatments: ['骨折内固定手术', '术后镇痛'],
          amount: 6800,
          recheckOn: addDays(today, 2),
        }),
      )
      rows.push({
        type: 'care_flag',
        petId,
        flag: 'post_surgery',
        sinceOn: surgery,
        untilOn: addDays(surgery, 30),
        note: '伤口护理，限制运动',
      })
    }
    if (index === 2 || index % 40 === 7) {
      rows.push({
        type: 'alert',
        id: `A${customerId}`,
        petId,
        kind: 'allergy',
        text: '青霉素类药物过敏',
        severity: 'high',
      })
    }
  })
  enrich(rows, today, new SeededRandom((options.seed ?? 1) * 7919 + 1))
  return rows
}

const SECOND_PETS = ['豆豆', '团子', '可乐', '年糕', '布丁', '花卷', '芝麻']
const DRUGS = [
  { drug: '阿莫西林克拉维酸钾片', dose: '每次 12.5 mg/kg，每日 2 次', days: 7 },
  { drug: '蒙脱石散', dose: '每次 1 g，每日 2 次', days: 3 },
  { drug: '马罗匹坦注射液', dose: '1 mg/kg 皮下注射', days: 1 },
  { drug: '美洛昔康口服液', dose: '0.1 mg/kg，每日 1 次', days: 5 },
]
const BLOOD_PANEL = [
  { test: 'WBC 白细胞', unit: '10^9/L', low: 5.5, high: 19.5 },
  { test: 'RBC 红细胞', unit: '10^12/L', low: 5.5, high: 8.5 },
  { test: 'ALT 谷丙转氨酶', unit: 'U/L', low: 10, high: 100 },
]

/**
 * What makes the demo look like a real hospital's file, from a random of its
 * own so the rows above stay as they were: a weight history, examination
 * findings, prescriptions and lab panels on visits, and a second pet for
 * some customers.
 */
function enrich(rows: DemoRow[], today: LocalDate, random: SeededRandom): void {
  const added: DemoRow[] = []
  for (const row of rows) {
    if (row.type === 'weight') {
      const kg = row.weightKg as number
      for (let month = 1; month <= random.int(3, 6); month++) {
        added.push({
          type: 'weight',
          petId: row.petId,
          measuredOn: addMonths(row.measuredOn as LocalDate, -month * 2),
          weightKg:
            Math.round(kg * (1 - (month * random.int(1, 4)) / 100) * 10) / 10,
        })
      }
    }
    if (row.type === 'visit') {
      const sick = !(row.diagnoses as string[]).includes('健康')
      const exam = row.exam as Record<string, unknown>
      Object.assign(exam, {
        heartRate: random.int(90, 180),
        breathingRate: random.int(18, 36),
        findings: sick
          ? random.pick([
              '精神尚可，腹部触诊轻度敏感',
              '皮肤可见散在红斑',
              '咽部轻度充血',
            ])
          : '各项体征正常',
      })
      row.history ??= sick
        ? `主人诉${row.reason as string}约 2 天，饮食略减。`
        : '常规体检。'
      if (sick && random.chance(0.6)) {
        row.prescriptions = [random.pick(DRUGS)]
      }
      if (random.chance(0.35)) {
        row.labs = BLOOD_PANEL.map((lab) => ({
          ...lab,
          value:
            Math.round(
              (lab.low + ((lab.high - lab.low) * random.int(-20, 120)) / 100) *
                10,
            ) / 10,
        }))
      }
    }
  }
  const customers = rows.filter((row) => row.type === 'customer')
  customers.forEach((customer, index) => {
    if (index < 3 || index % 6 !== 0) {
      return
    }
    const petId = `P${(customer.id as string).slice(1)}B`
    const species = random.chance(0.5) ? 'cat' : 'dog'
    added.push(
      {
        type: 'pet',
        id: petId,
        customerId: customer.id,
        name: random.pick(SECOND_PETS),
        species,
        breed: random.pick(species === 'cat' ? CAT_BREEDS : DOG_BREEDS),
        sex: random.chance(0.5) ? 'male' : 'female',
        neutered: random.chance(0.5),
        birthDate: addMonths(today, -random.int(3, 60)),
      },
      {
        type: 'weight',
        petId,
        measuredOn: addDays(today, -random.int(5, 90)),
        weightKg:
          species === 'cat'
            ? random.int(20, 50) / 10
            : random.int(30, 150) / 10,
      },
    )
  })
  rows.push(...added)
}

function visitRow(input: {
  id: string
  petId: string
  customerId: string
  hospitalId: string
  doctorName: string | null
  doctorUserId: string | null
  day: LocalDate
  reason: string
  temperatureC?: number
  diagnoses: string[]
  treatments: string[]
  amount: number
  recheckOn?: LocalDate
}): DemoRow {
  return {
    type: 'visit',
    id: input.id,
    petId: input.petId,
    customerId: input.customerId,
    hospitalId: input.hospitalId,
    doctorName: input.doctorName,
    doctorUserId: input.doctorUserId,
    visitedAt: `${input.day}T10:30:00+08:00`,
    reason: input.reason,
    exam: { temperatureC: input.temperatureC ?? 38.5 },
    diagnoses: input.diagnoses,
    treatments: input.treatments,
    recheckOn: input.recheckOn ?? null,
    amount: input.amount,
    paid: true,
  }
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
