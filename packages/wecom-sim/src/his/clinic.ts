import type { SeededRandom } from '../sim/random'

export type Species = 'dog' | 'cat'

/** A prescription line as the hospital system writes it. */
export interface Drug {
  drug: string
  dose: string
  days: number
}

/** A reason to come in, and what the doctor found and did about it. */
export interface Complaint {
  reason: string
  diagnosis: string
  /** Too young for this before (tartar, allergy drugs licensed from 1 year). */
  minAgeMonths: number
  history: (species: Species, random: SeededRandom) => string
  findings: string
  treatments: string[]
  /** A fever is common with it. */
  fever?: boolean
  /** How likely a blood panel is. */
  labs: number
  /** What is prescribed, by species; a pet allergic to penicillins gets `allergic`. */
  drugs?: (species: Species, kg: number) => Drug[]
  allergic?: Drug[]
  amount: readonly [number, number]
}

const DOXYCYCLINE: Drug = {
  drug: '多西环素片',
  dose: '5 mg/kg，每日 2 次，喂药后喂水',
  days: 7,
}

/** Everyday reasons for a visit, with what a doctor would write. */
export const COMPLAINTS: readonly Complaint[] = [
  {
    reason: '呕吐',
    diagnosis: '急性胃肠炎',
    minAgeMonths: 0,
    history: (_, r) =>
      `主人诉呕吐 ${r.int(2, 5)} 次，约 ${r.int(1, 2)} 天，饮食减少，精神尚可。`,
    findings: '腹部触诊轻度敏感，轻度脱水',
    treatments: ['皮下补液', '止吐', '禁食 12 小时后少量多餐'],
    labs: 0.4,
    drugs: () => [
      { drug: '马罗匹坦注射液', dose: '1 mg/kg 皮下注射', days: 1 },
    ],
    amount: [250, 700],
  },
  {
    reason: '皮肤瘙痒',
    diagnosis: '过敏性皮炎',
    minAgeMonths: 12,
    history: (_, r) =>
      `反复抓挠约 ${r.int(1, 3)} 周，腹部及四肢内侧发红，近期换过粮。`,
    findings: '腹部、腋下皮肤散在红斑，未见跳蚤及螨虫',
    treatments: ['皮肤刮片及胶带粘贴检查', '药浴'],
    labs: 0.1,
    drugs: (species) => [
      species === 'dog'
        ? { drug: '奥拉替尼片', dose: '0.4–0.6 mg/kg，每日 2 次', days: 14 }
        : { drug: '泼尼松龙片', dose: '1 mg/kg，每日 1 次', days: 7 },
    ],
    amount: [200, 600],
  },
  {
    reason: '咳嗽',
    diagnosis: '上呼吸道感染',
    minAgeMonths: 0,
    history: (species, r) =>
      species === 'cat'
        ? `打喷嚏、流鼻涕 ${r.int(2, 4)} 天，眼角分泌物增多，食欲略减。`
        : `咳嗽 ${r.int(2, 5)} 天，偶有干呕，运动后加重，食欲正常。`,
    findings: '咽部轻度充血，肺音清晰',
    treatments: ['雾化', '对症治疗'],
    fever: true,
    labs: 0.3,
    drugs: (species) => [
      species === 'dog'
        ? {
            drug: '阿莫西林克拉维酸钾片',
            dose: '12.5 mg/kg，每日 2 次',
            days: 7,
          }
        : DOXYCYCLINE,
    ],
    allergic: [DOXYCYCLINE],
    amount: [200, 500],
  },
  {
    reason: '体检',
    diagnosis: '健康',
    minAgeMonths: 0,
    history: () => '常规体检，无不适。',
    findings: '各项体征正常',
    treatments: [],
    labs: 0.6,
    amount: [150, 400],
  },
  {
    reason: '拉肚子',
    diagnosis: '肠炎',
    minAgeMonths: 0,
    history: (_, r) => `软便、腹泻约 ${r.int(1, 3)} 天，无呕吐，精神正常。`,
    findings: '肠音增强，粪检未见寄生虫卵',
    treatments: ['粪便检查', '饮食调整'],
    labs: 0.2,
    drugs: (_, kg) => [
      {
        drug: '蒙脱石散',
        dose: kg < 10 ? '每次 1 g，每日 2 次' : '每次 3 g，每日 2 次',
        days: 3,
      },
      { drug: '益生菌粉', dose: '每日 1 包，拌粮', days: 7 },
    ],
    amount: [150, 450],
  },
  {
    reason: '牙结石',
    diagnosis: '牙周病',
    minAgeMonths: 36,
    history: () => '口臭明显，进食时偶有疼痛表现。',
    findings: '上颌臼齿牙结石 II 度，牙龈红肿',
    treatments: ['术前血检', '全麻下超声洁牙'],
    labs: 1,
    drugs: (species) => [
      species === 'dog'
        ? { drug: '美洛昔康口服液', dose: '0.1 mg/kg，每日 1 次', days: 3 }
        : { drug: '罗贝考昔片', dose: '1 mg/kg，每日 1 次', days: 3 },
    ],
    amount: [800, 2000],
  },
]

const PANELS: Record<
  Species,
  { test: string; unit: string; low: number; high: number }[]
> = {
  cat: [
    { test: 'WBC 白细胞', unit: '10^9/L', low: 5.5, high: 19.5 },
    { test: 'RBC 红细胞', unit: '10^12/L', low: 5, high: 10 },
    { test: 'ALT 谷丙转氨酶', unit: 'U/L', low: 12, high: 130 },
  ],
  dog: [
    { test: 'WBC 白细胞', unit: '10^9/L', low: 6, high: 17 },
    { test: 'RBC 红细胞', unit: '10^12/L', low: 5.5, high: 8.5 },
    { test: 'ALT 谷丙转氨酶', unit: 'U/L', low: 10, high: 125 },
  ],
}

/** A blood panel: most values within the species' range, some just out. */
export function bloodPanel(species: Species, random: SeededRandom) {
  return PANELS[species].map((lab) => ({
    ...lab,
    value:
      Math.round(
        (lab.low + ((lab.high - lab.low) * random.int(-15, 115)) / 100) * 10,
      ) / 10,
  }))
}

/** A resting temperature in °C; a mild fever when `fever`. */
export function temperature(
  species: Species,
  fever: boolean,
  random: SeededRandom,
): number {
  if (fever) {
    return random.int(393, 398) / 10
  }
  return species === 'cat'
    ? random.int(381, 391) / 10
    : random.int(379, 390) / 10
}

/** Heart and breathing rates at rest, by species and size. */
export function vitals(species: Species, kg: number, random: SeededRandom) {
  if (species === 'cat') {
    return {
      heartRate: random.int(150, 200),
      breathingRate: random.int(20, 30),
    }
  }
  return kg < 10
    ? { heartRate: random.int(90, 140), breathingRate: random.int(16, 30) }
    : { heartRate: random.int(70, 120), breathingRate: random.int(12, 26) }
}
