/**
 * The dataset `bench:console` measures on: a chain of 4 regions and 60
 * hospitals with ~600 members, six months (26 ISO weeks) of follow changes
 * at the seed's scale (2,100,000 by default: ~89 % adds, ~10 % removals by
 * the customer or the member, ~1 % re-adds), and a year of visits by
 * 300,000 hospital customers (1,000,000 by default) for the repurchase
 * report.
 *
 * Every value comes from seeded generators (the sidebar bench's `Random`),
 * so the same options give the same rows on every machine. Rows are handed
 * to `emit` in the tables' column order, in the order the production
 * writers would insert them (follow changes and visits oldest first), so
 * the tables' physical order is the one a live database would have.
 */
import { addIsoWeeks, chinaWeekSeconds, type IsoWeek } from '@petcare/domain'
import { Random, datetime, type Emit, type TableSpec } from './sidebar-data'

const table = (name: string, columns: string): TableSpec => ({
  name,
  columns: columns.split(/\s*,\s*/),
})

export const TABLES = {
  department: table(
    'department',
    'id, name, parent_id, sort_order, kind, deleted_at, source_time, updated_at',
  ),
  region: table('region', 'id, name, wecom_department_id, updated_at'),
  hospital: table(
    'hospital',
    'id, name, region_id, wecom_department_id, phone, address, updated_at',
  ),
  staff: table(
    'staff',
    'user_id, name, position, role, department_ids, main_department_id, ' +
      'status, deleted_at, source_time, updated_at',
  ),
  target: table(
    'region_target',
    'region_id, week, target, updated_by, updated_at',
  ),
  // No id: it is the table's auto-increment, in insertion (time) order.
  followChange: table(
    'follow_change',
    'user_id, external_user_id, kind, ended_by, at',
  ),
  hospitalCustomer: table(
    'hospital_customer',
    'id, name, phone, hospital_id, note, source_hash, created_at, updated_at',
  ),
  visit: table(
    'visit',
    'id, pet_id, customer_id, hospital_id, doctor_name, doctor_user_id, ' +
      'visited_at, reason, history, exam_json, assessment_json, plan_json, ' +
      'labs_json, recheck_on, amount_cents, paid, source_hash, updated_at',
  ),
} as const

export interface DatasetOptions {
  events: number
  customers: number
  visits: number
  seed: number
}

/** The last ISO week of follow changes: the data ends on its Sunday. */
export const LAST_WEEK: IsoWeek = '2026-W48'
export const WEEKS = 26
export const FIRST_WEEK: IsoWeek = addIsoWeeks(LAST_WEEK, -(WEEKS - 1))
/** The twelve months of visits, China time. */
export const FIRST_MONTH = '2025-12'
export const LAST_MONTH = '2026-11'

const FOLLOW_START = chinaWeekSeconds(FIRST_WEEK).start
const DAYS = WEEKS * 7
const VISIT_START = Date.parse(`${FIRST_MONTH}-01T00:00:00+08:00`)
const VISIT_END = Date.parse('2026-12-01T00:00:00+08:00')
const DAY_MS = 86_400_000
/** When the directory and record were last written, as the sync would. */
const LOADED_AT = datetime(Date.parse('2026-12-01T02:00:00Z'))

/** Of follow changes: removals, and re-adds of a removed relation. */
const REMOVE_SHARE = 0.1
const READD_SHARE = 0.01
/** Of removals, the share the member made (the rest the customer). */
const BY_MEMBER = 0.35

// ---------------------------------------------------------------- wording

const SURNAMES = [
  ['张', 'zhang'],
  ['王', 'wang'],
  ['李', 'li'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
] as const
const GIVEN = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['洋', 'yang'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['宇', 'yu'],
  ['欣', 'xin'],
  ['晨', 'chen'],
] as const

/** Regions with their cities; each city has a few stores. */
const REGIONS = [
  { name: '华东大区', cities: ['上海', '杭州', '南京', '苏州', '宁波'] },
  { name: '华南大区', cities: ['广州', '深圳', '东莞', '佛山'] },
  { name: '华北大区', cities: ['北京', '天津', '石家庄', '济南'] },
  { name: '西南大区', cities: ['成都', '重庆', '昆明'] },
]
/** 18 + 16 + 14 + 12 = 60 hospitals. */
const STORES_PER_REGION = [18, 16, 14, 12]
const DISTRICTS = [
  '中心店',
  '东城店',
  '西城店',
  '南湖店',
  '北苑店',
  '新区店',
  '高新店',
]

interface Reason {
  reason: string
  diagnoses: string[]
  treatments: string[]
  labs: number
}

const REASONS: Reason[] = [
  {
    reason: '呕吐两天，食欲下降',
    diagnoses: ['急性胃肠炎', '胃炎', '异物摄入待排除'],
    treatments: ['皮下补液', '止吐', '禁食 12 小时后少量多餐'],
    labs: 0.6,
  },
  {
    reason: '皮肤瘙痒、局部掉毛',
    diagnoses: ['过敏性皮炎', '马拉色菌感染', '跳蚤过敏性皮炎'],
    treatments: ['皮肤刮片检查', '药浴', '体外驱虫'],
    labs: 0.1,
  },
  {
    reason: '咳嗽、打喷嚏一周',
    diagnoses: ['上呼吸道感染', '猫鼻支', '犬窝咳'],
    treatments: ['雾化治疗', '抗生素治疗'],
    labs: 0.3,
  },
  {
    reason: '年度体检',
    diagnoses: ['健康', '轻度牙结石', '体重超标'],
    treatments: ['体格检查', '血常规和生化检查', '饮食建议'],
    labs: 0.9,
  },
  {
    reason: '疫苗接种',
    diagnoses: ['健康，接种疫苗'],
    treatments: ['体格检查', '疫苗注射', '留观 30 分钟'],
    labs: 0.05,
  },
  {
    reason: '尿频、尿中带血',
    diagnoses: ['膀胱炎', '泌尿系结石', '特发性膀胱炎'],
    treatments: ['尿检', 'B 超检查', '增加饮水'],
    labs: 0.8,
  },
  {
    reason: '左后肢跛行',
    diagnoses: ['髌骨脱位（II 级）', '软组织挫伤'],
    treatments: ['X 光检查', '限制运动', '镇痛消炎'],
    labs: 0.2,
  },
  {
    reason: '术后复查',
    diagnoses: ['术后恢复良好'],
    treatments: ['伤口检查', '换药'],
    labs: 0.2,
  },
]
const HISTORY = [
  '精神尚可，食欲较前下降，饮水正常，近三天未更换主粮。',
  '按时驱虫，最近一次体内驱虫在两个月前；疫苗按时接种。',
  '家中另有一只猫，未见类似症状；纯室内饲养，近期无外出。',
  '主人描述呕吐物为未消化食物，每日一到两次，精神稍差。',
  '既往有皮肤过敏史，无药物过敏史，一年前做过绝育手术。',
  '主人已自行喂服益生菌，效果不明显，今日到院进一步检查。',
  '近期寄养过一周，回家后开始出现症状，排便次数增多。',
]
const FINDINGS = [
  '体况评分 5/9，黏膜粉红，CRT<2s，脱水约 3%。',
  '浅表淋巴结未见肿大；心肺听诊未见异常。',
  '腹部触诊柔软，前腹部轻度疼痛，可触及肠管积气。',
  '皮肤被毛干燥，有皮屑；耳道有褐色分泌物。',
  '口腔检查：轻度牙结石，牙龈轻度红肿。',
]
const DRUGS = [
  { drug: '阿莫西林克拉维酸钾片', dose: '每次 1 片，每日 2 次，随餐', days: 7 },
  { drug: '马罗匹坦注射液', dose: '1mg/kg 皮下注射，每日 1 次', days: 3 },
  { drug: '宠物益生菌', dose: '每次 1 包，每日 1 次，拌粮', days: 14 },
  { drug: '美洛昔康口服混悬液', dose: '0.1mg/kg，每日 1 次，随餐', days: 5 },
]
const CBC: [string, string, number, number][] = [
  ['WBC 白细胞计数', '10^9/L', 6, 17],
  ['NEU# 中性粒细胞数', '10^9/L', 3, 12],
  ['LYM# 淋巴细胞数', '10^9/L', 1, 4.8],
  ['RBC 红细胞计数', '10^12/L', 5.5, 8.5],
  ['HGB 血红蛋白', 'g/L', 120, 180],
  ['HCT 红细胞压积', '%', 37, 55],
  ['PLT 血小板计数', '10^9/L', 200, 500],
  ['ALT 丙氨酸氨基转移酶', 'U/L', 10, 100],
  ['CREA 肌酐', 'umol/L', 44, 159],
  ['GLU 葡萄糖', 'mmol/L', 4.1, 7.9],
]

// ------------------------------------------------------------ the chain

interface Member {
  userId: string
  name: string
  hospital: number
  /** How many customers add this member, relative to others. */
  weight: number
}

interface Hospital {
  id: string
  regionId: string
  departmentId: string
  weight: number
  members: number[]
  doctors: number[]
}

/** A region admin: whom the bench signs in as for the region's scope. */
export interface RegionAdmin {
  userId: string
  regionId: string
  hospitals: number
}

/**
 * The seeded generators, phase by phase: the directory, then follow
 * changes in time order, then hospital customers, then visits in time
 * order. Each phase takes a number of rows per step, so the loaders can
 * write between steps.
 */
export class ConsoleDataset {
  readonly members: Member[] = []
  readonly hospitals: Hospital[] = []
  readonly regionAdmins: RegionAdmin[] = []
  private readonly random: Random
  private nextUser = 0
  // Follow changes: relations (member, customer) begun so far, the ones
  // live and the ones removed (which may be re-added).
  private nextEvent = 0
  private lastAt = 0
  private dayTimes: number[] = []
  private dayEnds: number[] = []
  private readonly customerIds: string[] = []
  private readonly relationMember: Uint16Array
  private readonly relationCustomer: Uint32Array
  private relations = 0
  private readonly live: Uint32Array
  private liveCount = 0
  private readonly removed: Uint32Array
  private removedCount = 0
  private memberCumulative = new Float64Array(0)
  // Visits, planned whole (they are emitted in time order, not by customer).
  private visitOrder: Uint32Array | null = null
  private visitCustomer = new Uint32Array(0)
  private visitAt = new Float64Array(0)
  private visitPaid = new Uint8Array(0)
  private customerHospital = new Uint16Array(0)
  private nextVisit = 0
  /** Bytes of visit text (history, JSON), for the report. */
  visitTextBytes = 0

  constructor(readonly options: DatasetOptions) {
    this.random = new Random(options.seed)
    this.relationMember = new Uint16Array(options.events)
    this.relationCustomer = new Uint32Array(options.events)
    this.live = new Uint32Array(options.events)
    this.removed = new Uint32Array(options.events)
  }

  private person(): { userId: string; name: string } {
    const random = this.random
    const [surname, surnameLatin] = random.pick(SURNAMES)
    const [given, givenLatin] = random.pick(GIVEN)
    return {
      userId: `${surnameLatin}${givenLatin}${String(this.nextUser++).padStart(4, '0')}`,
      name: `${surname}${given}${random.chance(0.5) ? random.pick(GIVEN)[0] : ''}`,
    }
  }

  /** Departments, regions, hospitals, staff and the regions' targets. */
  directory(emit: Emit): void {
    const random = this.random
    const department = (
      id: string,
      name: string,
      parent: string | null,
      order: number,
      kind: string,
    ) =>
      emit(TABLES.department, [
        id,
        name,
        parent,
        order,
        kind,
        null,
        1_764_000_000,
        LOADED_AT,
      ])
    const staff = (
      who: { userId: string; name: string },
      role: string,
      position: string,
      departments: string[],
      left = false,
    ) =>
      emit(TABLES.staff, [
        who.userId,
        who.name,
        position,
        role,
        departments.join(','),
        departments[0]!,
        left ? 5 : 1,
        left ? LOADED_AT : null,
        1_764_000_000,
        LOADED_AT,
      ])

    department('1', '安心宠物医疗集团', null, 1, 'root')
    department('2', '总部', '1', 1, 'head_office')
    for (let i = 0; i < 5; i++) {
      staff(this.person(), 'head_office_ops', '总部运营', ['2'])
    }
    let nextDepartment = 10
    REGIONS.forEach((region, r) => {
      const regionDepartment = String(nextDepartment++)
      const regionId = `R${regionDepartment}`
      department(regionDepartment, region.name, '1', r + 2, 'region')
      emit(TABLES.region, [regionId, region.name, regionDepartment, LOADED_AT])
      const admin = this.person()
      staff(admin, 'region_admin', '大区运营经理', [regionDepartment])
      this.regionAdmins.push({
        userId: admin.userId,
        regionId,
        hospitals: STORES_PER_REGION[r]!,
      })
      for (let s = 0; s < STORES_PER_REGION[r]!; s++) {
        const departmentId = String(nextDepartment++)
        const city = region.cities[s % region.cities.length]!
        const name = `${city}${DISTRICTS[Math.floor(s / region.cities.length)]}`
        department(departmentId, name, regionDepartment, s + 1, 'store')
        const index = this.hospitals.length
        const hospital: Hospital = {
          id: `H${departmentId}`,
          regionId,
          departmentId,
          weight: 0.5 + random.next() * 1.1,
          members: [],
          doctors: [],
        }
        emit(TABLES.hospital, [
          hospital.id,
          name,
          regionId,
          departmentId,
          `0${random.int(20, 29)}-${random.int(5000_0000, 6999_9999)}`,
          `${city}市${random.pick(['中山路', '人民路', '解放路', '建设路'])}${random.int(1, 999)}号`,
          LOADED_AT,
        ])
        this.hospitals.push(hospital)
        // Customers scan the butlers' codes at the desk: butlers gain most
        // followers, the others a few each.
        const roles: [string, string, number, number][] = [
          ['store_manager', '店长', 1, 0.3],
          ['butler', '爱宠管家', random.int(3, 6), 1],
          ['doctor', '执业兽医师', random.int(3, 4), 0.25],
          ['front_desk', '前台', 1, 0.4],
        ]
        for (const [role, position, count, weight] of roles) {
          for (let n = 0; n < count; n++) {
            const who = this.person()
            // A few work at a second hospital of their region too, and a
            // few have left (the leaderboard still counts their changes).
            const second =
              random.chance(0.03) && s > 0
                ? [String(Number(departmentId) - 1)]
                : []
            staff(
              who,
              role,
              position,
              [departmentId, ...second],
              random.chance(0.03),
            )
            const member = this.members.length
            this.members.push({
              ...who,
              hospital: index,
              weight: weight * hospital.weight * (0.6 + random.next() * 0.8),
            })
            hospital.members.push(member)
            if (role === 'doctor') {
              hospital.doctors.push(member)
            }
          }
        }
      }
    })
    let total = 0
    this.memberCumulative = Float64Array.from(
      this.members,
      (m) => (total += m.weight),
    )

    // Head office sets each region a weekly target of new followers.
    for (let w = 0; w < WEEKS; w++) {
      const week = addIsoWeeks(FIRST_WEEK, w)
      this.regionAdmins.forEach((admin) =>
        emit(TABLES.target, [
          admin.regionId,
          week,
          Math.round(
            ((this.options.events * 0.8) / WEEKS) *
              (admin.hospitals / this.hospitals.length),
          ),
          'local:admin',
          LOADED_AT,
        ]),
      )
    }
    this.planDays()
  }

  /**
   * How many changes each day gets: busier weekends, a growing chain, and
   * the 11.11 promotion's week, spread to exactly `events`.
   */
  private planDays(): void {
    const random = this.random
    const promotion = chinaWeekSeconds('2026-W46').start
    const weights = Array.from({ length: DAYS }, (_, d) => {
      const start = FOLLOW_START + d * 86_400
      const weekend = d % 7 >= 5 ? 1.35 : 1
      const growth = 1 + (0.3 * d) / DAYS
      const campaign =
        start >= promotion && start < promotion + 7 * 86_400 ? 1.6 : 1
      return weekend * growth * campaign * (0.85 + random.next() * 0.3)
    })
    const sum = weights.reduce((a, b) => a + b, 0)
    let carried = 0
    let done = 0
    this.dayEnds = weights.map((w) => {
      carried += (w / sum) * this.options.events
      done = Math.round(carried)
      return done
    })
  }

  get followChangesDone(): boolean {
    return this.nextEvent >= this.options.events
  }

  private pickMember(): number {
    const cumulative = this.memberCumulative
    const x = this.random.next() * cumulative[cumulative.length - 1]!
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if (cumulative[mid]! <= x) {
        low = mid + 1
      } else {
        high = mid
      }
    }
    return low
  }

  /** The next `count` follow changes, oldest first. */
  nextFollowChanges(count: number, emit: Emit): void {
    const random = this.random
    const end = Math.min(this.options.events, this.nextEvent + count)
    for (let e = this.nextEvent; e < end; e++) {
      const at = this.timeOf(e)
      const roll = random.next()
      if (roll < REMOVE_SHARE && this.liveCount > 1000) {
        // Half the removals come soon after the add (the customer deletes
        // after their visit), the rest from anyone still followed.
        const span = random.chance(0.5)
          ? Math.max(1, Math.floor(this.liveCount * 0.02))
          : this.liveCount
        const slot = this.liveCount - 1 - Math.floor(random.next() * span)
        const relation = this.live[slot]!
        this.live[slot] = this.live[--this.liveCount]!
        this.removed[this.removedCount++] = relation
        emit(TABLES.followChange, [
          this.members[this.relationMember[relation]!]!.userId,
          this.customerIds[this.relationCustomer[relation]!]!,
          'removed',
          random.chance(BY_MEMBER) ? 'member' : 'customer',
          at,
        ])
        continue
      }
      let relation: number
      if (roll < REMOVE_SHARE + READD_SHARE && this.removedCount > 0) {
        // Mostly a relation removed just before: deleted by mistake, or
        // removed and added back in the same week.
        const span = random.chance(0.7)
          ? Math.min(this.removedCount, 2000)
          : this.removedCount
        const slot = this.removedCount - 1 - Math.floor(random.next() * span)
        relation = this.removed[slot]!
        this.removed[slot] = this.removed[--this.removedCount]!
      } else {
        relation = this.relations++
        let customer = -1
        let member = this.pickMember()
        if (this.relations > 5000 && random.chance(0.1)) {
          // A customer adding a second member of their hospital, such as
          // the doctor who saw their pet.
          const earlier = this.relations - 1 - random.int(1, 5000)
          const hospital =
            this.hospitals[
              this.members[this.relationMember[earlier]!]!.hospital
            ]!
          const other = random.pick(hospital.members)
          if (other !== this.relationMember[earlier]) {
            customer = this.relationCustomer[earlier]!
            member = other
          }
        }
        if (customer < 0) {
          customer = this.customerIds.length
          this.customerIds.push(`wm${random.urlSafe(30)}`)
        }
        this.relationMember[relation] = member
        this.relationCustomer[relation] = customer
      }
      this.live[this.liveCount++] = relation
      emit(TABLES.followChange, [
        this.members[this.relationMember[relation]!]!.userId,
        this.customerIds[this.relationCustomer[relation]!]!,
        'added',
        null,
        at,
      ])
    }
    this.nextEvent = end
  }

  /**
   * The Unix second of change `e`: random within its day, mostly in
   * opening hours (China time), one second after the previous change at
   * the least, so no two changes share a second and the unique key
   * (user, customer, kind, at) holds by construction.
   */
  private timeOf(e: number): number {
    if (this.dayTimes.length === 0) {
      const day = this.dayEnds.findIndex((end) => end > e)
      const count = this.dayEnds[day]! - e
      const start = FOLLOW_START + day * 86_400
      const random = this.random
      this.dayTimes = Array.from({ length: count }, () =>
        random.chance(0.93)
          ? start + 8 * 3600 + Math.floor(random.next() * 14 * 3600)
          : start + Math.floor(random.next() * 86_400),
      ).sort((a, b) => b - a)
    }
    this.lastAt = Math.max(this.dayTimes.pop()!, this.lastAt + 1)
    return this.lastAt
  }

  /** The hospital customers, each with their own hospital. */
  customers(emit: Emit): void {
    const random = this.random
    const { customers } = this.options
    const total = this.hospitals.reduce((sum, h) => sum + h.weight, 0)
    this.customerHospital = new Uint16Array(customers)
    for (let c = 0; c < customers; c++) {
      let pick = random.next() * total
      let h = 0
      while (
        h < this.hospitals.length - 1 &&
        pick >= this.hospitals[h]!.weight
      ) {
        pick -= this.hospitals[h]!.weight
        h++
      }
      this.customerHospital[c] = h
      const [surname] = random.pick(SURNAMES)
      emit(TABLES.hospitalCustomer, [
        `C${1_000_000 + c}`,
        `${surname}${random.pick(GIVEN)[0]}${random.chance(0.6) ? random.pick(GIVEN)[0] : ''}`,
        `1${random.pick(['38', '39', '58', '86', '35', '77'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
        this.hospitals[h]!.id,
        null,
        random.hex64(),
        datetime(VISIT_START - random.int(0, 365 * 5) * DAY_MS),
        LOADED_AT,
      ])
    }
    this.planVisits()
  }

  /**
   * Every customer's visits in the year: near half come once; the others
   * come back, now and then for a recheck within two weeks (often free),
   * otherwise at any time of the year, so about half of a month's visitors
   * return within 90 days. Exactly `visits` in all, put in time order as
   * the hospital system numbers them.
   */
  private planVisits(): void {
    const random = this.random
    const { customers, visits } = this.options
    const span = VISIT_END - VISIT_START
    // Of the regulars, the mean visits beyond the first two, so the mean
    // over all customers is visits / customers.
    const ONCE = 0.45
    const beyond = Math.max(0, (visits / customers - ONCE) / (1 - ONCE) - 2)
    const counts = Array.from({ length: customers }, () =>
      random.chance(ONCE)
        ? 1
        : 2 + Math.floor(-Math.log(1 - random.next()) * beyond),
    )
    // Trimmed or topped up one by one, from the last customer back.
    let total = counts.reduce((a, b) => a + b, 0)
    for (
      let c = customers - 1;
      total !== visits;
      c = c > 0 ? c - 1 : customers - 1
    ) {
      if (total > visits && counts[c]! > 1) {
        counts[c]!--
        total--
      } else if (total < visits) {
        counts[c]!++
        total++
      }
    }
    const visitAt = (ms: number) => {
      const day = ms - ((ms + 8 * 3_600_000) % DAY_MS)
      return day + (9 * 60 + random.int(0, 12 * 60)) * 60_000
    }
    this.visitCustomer = new Uint32Array(visits)
    this.visitAt = new Float64Array(visits)
    this.visitPaid = new Uint8Array(visits)
    let v = 0
    counts.forEach((count, c) => {
      let at = VISIT_START + random.next() * span
      for (let n = 0; n < count; n++) {
        const recheck = n > 0 && random.chance(0.25)
        if (n > 0) {
          at = recheck
            ? at + random.int(3, 14) * DAY_MS
            : VISIT_START + random.next() * span
        }
        const when = Math.min(visitAt(at), VISIT_END - 3_600_000)
        this.visitCustomer[v] = c
        this.visitAt[v] = when
        this.visitPaid[v] = random.chance(recheck ? 0.7 : 0.97) ? 1 : 0
        v++
      }
    })
    const order = Uint32Array.from({ length: visits }, (_, i) => i)
    this.visitOrder = order.sort(
      (a, b) => this.visitAt[a]! - this.visitAt[b]! || a - b,
    )
  }

  get visitsDone(): boolean {
    return this.nextVisit >= this.options.visits
  }

  /** The next `count` visits, oldest first. */
  nextVisits(count: number, emit: Emit): void {
    const order = this.visitOrder
    if (!order) {
      throw new Error('visits need the customers first')
    }
    const random = this.random
    const end = Math.min(this.options.visits, this.nextVisit + count)
    for (let v = this.nextVisit; v < end; v++) {
      const i = order[v]!
      const customer = this.visitCustomer[i]!
      const own = this.customerHospital[customer]!
      // One visit in ten is at another hospital of the chain.
      const hospital =
        this.hospitals[
          random.chance(0.9) ? own : random.int(0, this.hospitals.length - 1)
        ]!
      const doctor = this.members[random.pick(hospital.doctors)]!
      const at = this.visitAt[i]!
      const which = random.pick(REASONS)
      const history = `主诉：${which.reason}。${HISTORY.filter(() => random.chance(0.5)).join('')}`
      const exam = JSON.stringify({
        temperatureC: random.int(375, 400) / 10,
        heartRate: random.int(80, 200),
        breathingRate: random.int(16, 40),
        weightKg: random.int(25, 350) / 10,
        findings: FINDINGS.filter(() => random.chance(0.5)).join(''),
      })
      const assessment = JSON.stringify({
        diagnoses: [random.pick(which.diagnoses)],
      })
      const plan = JSON.stringify({
        treatments: which.treatments.filter(() => random.chance(0.7)),
        prescriptions: DRUGS.filter(() => random.chance(0.3)),
      })
      const labs = random.chance(which.labs * 0.5)
        ? JSON.stringify(
            CBC.map(([test, unit, low, high]) => ({
              test,
              value:
                Math.round((low + (high - low) * random.next() * 1.2) * 100) /
                100,
              unit,
              low,
              high,
            })),
          )
        : '[]'
      this.visitTextBytes +=
        Buffer.byteLength(history) +
        Buffer.byteLength(exam) +
        Buffer.byteLength(assessment) +
        Buffer.byteLength(plan) +
        Buffer.byteLength(labs)
      const visitedOn = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10)
      emit(TABLES.visit, [
        `VIS${10_000_000 + v}`,
        `P${2_000_000 + customer * 2 + (random.chance(0.8) ? 0 : 1)}`,
        `C${1_000_000 + customer}`,
        hospital.id,
        doctor.name,
        doctor.userId,
        datetime(at),
        which.reason,
        history,
        exam,
        assessment,
        plan,
        labs,
        random.chance(0.2)
          ? new Date(Date.parse(visitedOn) + random.int(3, 14) * DAY_MS)
              .toISOString()
              .slice(0, 10)
          : null,
        random.int(80, 2500) * 100,
        this.visitPaid[i]!,
        random.hex64(),
        datetime(at + 3_600_000),
      ])
    }
    this.nextVisit = end
  }
}
