/**
 * The organisation and numbers behind the console's fake API: four
 * regions, nine hospitals, their members, and weeks of new followers,
 * repurchase cohorts, group problems, record openings and callbacks. Every
 * number comes from a hash of its keys, so a test run sees the same board
 * each time and the totals add up at every level.
 */
import type {
  AuditPage,
  ConsoleLevel,
  EventLogPage,
  GroupNameProblem,
  GroupProblems,
  GroupRole,
} from '@petcare/shared'

/** The fake's today: Wednesday of 2026-W50, in China. */
export const FAKE_TODAY = '2026-12-09'
/** The browser's clock for the tests: 10:00 that day in Shanghai. */
export const FAKE_NOW = new Date('2026-12-09T02:00:00Z')
/** The corp's first week with customers; earlier weeks are empty. */
export const FIRST_WEEK = '2026-W27'

export const REGIONS = [
  { id: 'R-EAST', name: '华东大区' },
  { id: 'R-SOUTH', name: '华南大区' },
  { id: 'R-NORTH', name: '华北大区' },
  { id: 'R-WEST', name: '西南大区' },
]

export const HOSPITALS = [
  { id: 'H-SH-JA', name: '上海静安宠物医院', regionId: 'R-EAST' },
  { id: 'H-SH-XH', name: '上海徐汇宠物医院', regionId: 'R-EAST' },
  { id: 'H-HZ-XH', name: '杭州西湖宠物医院', regionId: 'R-EAST' },
  { id: 'H-GZ-TH', name: '广州天河宠物医院', regionId: 'R-SOUTH' },
  { id: 'H-SZ-NS', name: '深圳南山宠物医院', regionId: 'R-SOUTH' },
  { id: 'H-BJ-CY', name: '北京朝阳宠物医院', regionId: 'R-NORTH' },
  { id: 'H-TJ-HP', name: '天津和平宠物医院', regionId: 'R-NORTH' },
  { id: 'H-CD-WH', name: '成都武侯宠物医院', regionId: 'R-WEST' },
  // Opened in May: no visits before, so its early cohorts are empty.
  { id: 'H-CQ-YZ', name: '重庆渝中宠物医院', regionId: 'R-WEST' },
]
export const OPENED: Record<string, string> = { 'H-CQ-YZ': '2026-05' }

export interface FakeMember {
  userId: string
  name: string
  role:
    | 'butler'
    | 'front_desk'
    | 'doctor'
    | 'nurse'
    | 'region_admin'
    | 'store_manager'
    | 'head_office_ops'
  hospitalId: string | null
  regionId: string | null
}

const NAMES = [
  ['ZhangWei', '张伟'],
  ['WangFang', '王芳'],
  ['LiQiang', '李强'],
  ['LiuYang', '刘洋'],
  ['ChenJing', '陈静'],
  ['YangLei', '杨磊'],
  ['ZhaoMin', '赵敏'],
  ['HuangTing', '黄婷'],
  ['ZhouJie', '周杰'],
  ['WuXia', '吴霞'],
  ['XuHao', '徐浩'],
  ['SunLi', '孙丽'],
  ['MaChao', '马超'],
  ['ZhuYan', '朱燕'],
  ['HuBin', '胡斌'],
  ['GuoPing', '郭萍'],
  ['HeJun', '何军'],
  ['GaoXue', '高雪'],
  ['LinFeng', '林峰'],
  ['LuoDan', '罗丹'],
  ['ZhengKai', '郑凯'],
  ['LiangQian', '梁倩'],
  ['XieYu', '谢宇'],
  ['SongJia', '宋佳'],
  ['TangHui', '唐慧'],
  ['HanBo', '韩博'],
  ['FengLu', '冯璐'],
  ['DengYi', '邓毅'],
  ['CaoYue', '曹悦'],
  ['PengFei', '彭飞'],
  ['ZengNa', '曾娜'],
  ['XiaoRan', '肖然'],
  ['TianTian', '田甜'],
  ['DongHai', '董海'],
  ['YuanMeng', '袁梦'],
  ['PanYue', '潘越'],
] as const

/** Three members who follow customers in each hospital, then the console users. */
export const MEMBERS: FakeMember[] = [
  ...HOSPITALS.flatMap((h, i) =>
    (['butler', 'butler', 'doctor', 'nurse'] as const).map((role, j) => {
      const [userId, name] = NAMES[i * 4 + j]!
      return { userId, name, role, hospitalId: h.id, regionId: h.regionId }
    }),
  ),
  {
    userId: 'ZhouMin',
    name: '周敏',
    role: 'head_office_ops',
    hospitalId: null,
    regionId: null,
  },
  {
    userId: 'LiNa',
    name: '李娜',
    role: 'region_admin',
    hospitalId: null,
    regionId: 'R-EAST',
  },
  {
    userId: 'ChenGang',
    name: '陈刚',
    role: 'region_admin',
    hospitalId: null,
    regionId: 'R-SOUTH',
  },
  {
    userId: 'WangQiang',
    name: '王强',
    role: 'store_manager',
    hospitalId: 'H-SH-JA',
    regionId: 'R-EAST',
  },
]

/** Who may use the console and how far they see; others get 403. */
export interface ConsoleUser {
  userId: string
  name: string
  level: ConsoleLevel
  local: boolean
  regionIds: string[]
  hospitalIds: string[]
}

export function consoleUser(userId: string): ConsoleUser | null {
  if (userId === 'admin') {
    return {
      userId: 'admin',
      name: '系统管理员',
      level: 'head_office',
      local: true,
      regionIds: REGIONS.map((r) => r.id),
      hospitalIds: HOSPITALS.map((h) => h.id),
    }
  }
  const m = MEMBERS.find((x) => x.userId === userId)
  if (!m) return null
  const base = { userId: m.userId, name: m.name, local: false }
  if (m.role === 'head_office_ops') {
    return {
      ...base,
      level: 'head_office',
      regionIds: REGIONS.map((r) => r.id),
      hospitalIds: HOSPITALS.map((h) => h.id),
    }
  }
  if (m.role === 'region_admin') {
    return {
      ...base,
      level: 'region',
      regionIds: [m.regionId!],
      hospitalIds: HOSPITALS.filter((h) => h.regionId === m.regionId).map(
        (h) => h.id,
      ),
    }
  }
  if (m.role === 'store_manager') {
    return {
      ...base,
      level: 'store',
      regionIds: [],
      hospitalIds: [m.hospitalId!],
    }
  }
  return null
}

// --------------------------------------------------------------- numbers

/** A stable number in [0, 1) from its keys (FNV-1a). */
export function noise(...keys: (string | number)[]): number {
  let h = 0x811c9dc5
  for (const char of keys.join('|')) {
    h ^= char.codePointAt(0)!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h / 2 ** 32
}

export interface MemberWeek {
  added: number
  removedByMember: number
  removedByCustomer: number
}

/** One member's customers added and lost in a week (none outside the data). */
export function memberWeek(
  userId: string,
  week: string,
  currentWeek: string,
): MemberWeek {
  const m = MEMBERS.find((x) => x.userId === userId)
  if (!m || week < FIRST_WEEK || week > currentWeek) {
    return { added: 0, removedByMember: 0, removedByCustomer: 0 }
  }
  // Head office's 周敏, in no hospital, adds a customer now and then; the
  // other console users none.
  if (!m.hospitalId) {
    return {
      added: m.role === 'head_office_ops' ? Math.round(noise(userId, week)) : 0,
      removedByMember: 0,
      removedByCustomer: 0,
    }
  }
  // Butlers add most; the week in progress has had only part of its days.
  const scale =
    (m.role === 'butler' ? 14 : 6) * (week === currentWeek ? 0.45 : 1)
  const region = REGIONS.findIndex((r) => r.id === m.regionId)
  return {
    added: Math.round(noise(userId, week, 'a') * scale + region),
    removedByMember: Math.floor(noise(userId, week, 'm') * 2.2),
    removedByCustomer: Math.floor(noise(userId, week, 'c') * 3.4),
  }
}

/** Weekly new-follower targets set before the tests start, by region/week. */
export function initialTargets(weeks: string[]): Map<string, number> {
  const targets = new Map<string, number>()
  const base: Record<string, number> = {
    'R-EAST': 120,
    'R-SOUTH': 90,
    'R-NORTH': 80,
  }
  for (const week of weeks) {
    for (const [regionId, target] of Object.entries(base)) {
      targets.set(`${regionId}/${week}`, target)
    }
  }
  return targets
}

// ------------------------------------------------------------ repurchase

export function cohort(hospitalId: string, month: string) {
  const opened = OPENED[hospitalId]
  if (opened && month < opened) return { customers: 0, returned: 0 }
  const customers = 60 + Math.round(noise(hospitalId, month, 'n') * 240)
  const rate = 0.16 + noise(hospitalId, month, 'r') * 0.3
  return { customers, returned: Math.round(customers * rate) }
}

// ---------------------------------------------------------------- groups

export function groupProblems(): GroupProblems {
  const owner = (userId: string) => {
    const m = MEMBERS.find((x) => x.userId === userId)!
    return { userId: m.userId, name: m.name }
  }
  const groups: GroupProblems['groups'] = [
    ['wrA01', '豆豆妈的群', 'ZhangWei', 'H-SH-JA', 'NO_CUSTOMER_ID', []],
    [
      'wrA02',
      'C10023-Moco',
      'ZhangWei',
      'H-SH-JA',
      'MISSING_COMPLAINT',
      ['nurse'],
    ],
    [
      'wrA03',
      'C10045 豆豆 皮肤复查',
      'WangFang',
      'H-SH-JA',
      null,
      ['doctor', 'nurse'],
    ],
    [
      'wrA04',
      'C10088',
      'ChenJing',
      'H-SH-XH',
      'MISSING_PET_NAME',
      ['front_desk'],
    ],
    [
      'wrA05',
      '旺财骨折术后',
      'ChenJing',
      'H-SH-XH',
      'NO_CUSTOMER_ID',
      ['butler'],
    ],
    ['wrA06', 'C10102-咪咪-绝育', 'YangLei', 'H-SH-XH', null, ['front_desk']],
    [
      'wrA07',
      '',
      'ZhaoMin',
      'H-HZ-XH',
      'EMPTY',
      ['doctor', 'nurse', 'front_desk'],
    ],
    ['wrA08', 'C20011-球球-呕吐', 'ZhouJie', 'H-GZ-TH', null, ['nurse']],
    ['wrA09', '天河客户交流群', 'WuXia', 'H-GZ-TH', 'NO_CUSTOMER_ID', []],
    ['wrA10', 'C20077-年糕-疫苗', 'SunLi', 'H-SZ-NS', null, ['doctor']],
    ['wrA11', 'C30005-花卷', 'HeJun', 'H-BJ-CY', 'MISSING_COMPLAINT', []],
    [
      'wrA12',
      'C30019-大黄-腹泻',
      'LinFeng',
      'H-TJ-HP',
      null,
      ['butler', 'front_desk'],
    ],
    ['wrA13', 'C40003-汤圆-体检', 'LiangQian', 'H-CD-WH', null, ['nurse']],
    ['wrA14', '成都宠友会', 'TangHui', 'H-CQ-YZ', 'NO_CUSTOMER_ID', ['doctor']],
  ].map(([chatId, name, ownerId, hospitalId, nameProblem, missingRoles]) => ({
    chatId: chatId as string,
    name: name as string,
    owner: owner(ownerId as string),
    hospitalId: hospitalId as string,
    nameProblem: nameProblem as GroupNameProblem | null,
    missingRoles: missingRoles as GroupRole[],
    memberCount: 3 + Math.round(noise(chatId as string) * 6),
  }))
  const customersWithoutGroup: GroupProblems['customersWithoutGroup'] = [
    ['C10031', '刘女士', 'H-SH-JA', 'wmC10031'],
    ['C10057', '赵先生', 'H-SH-JA', null],
    ['C10110', '孙小姐', 'H-SH-XH', 'wmC10110'],
    ['C10140', '钱先生', 'H-HZ-XH', 'wmC10140'],
    ['C20034', '黄女士', 'H-GZ-TH', null],
    ['C20090', '许先生', 'H-SZ-NS', 'wmC20090'],
    ['C30041', '吕女士', 'H-BJ-CY', 'wmC30041'],
    ['C40022', '蒋先生', 'H-CD-WH', null],
  ].map(([customerId, name, hospitalId, externalUserId]) => ({
    customerId: customerId!,
    name: name!,
    hospitalId: hospitalId!,
    externalUserId: externalUserId ?? null,
  }))
  return { groups, customersWithoutGroup }
}

// ----------------------------------------------------------------- audit

const PETS = [
  ['P10023', '豆豆', 'C10023'],
  ['P10045', 'Moco', 'C10045'],
  ['P10088', '旺财', 'C10088'],
  ['P10102', '咪咪', 'C10102'],
  ['P20011', '球球', 'C20011'],
  ['P20077', '年糕', 'C20077'],
  ['P30005', '花卷', 'C30005'],
  ['P40003', '汤圆', 'C40003'],
] as const

export type AuditEntry = AuditPage['entries'][number] & { hospitalId: string }

/** 57 record openings, newest first, a few each day before FAKE_NOW. */
export function auditEntries(): AuditEntry[] {
  const staff = MEMBERS.filter((m) => m.hospitalId && m.role !== 'nurse')
  return Array.from({ length: 57 }, (_, i) => {
    const who = staff[Math.floor(noise(i, 'who') * staff.length)]!
    const [petId, petName, customerId] =
      PETS[Math.floor(noise(i, 'pet') * PETS.length)]!
    const openedAt = new Date(
      FAKE_NOW.getTime() - i * 5.5 * 3_600_000 - noise(i, 't') * 3_000_000,
    )
    return {
      id: `AU${String(1000 - i).padStart(5, '0')}`,
      user: { userId: who.userId, name: who.name },
      petId,
      petName,
      customerId,
      source: noise(i, 's') < 0.7 ? 'sidebar' : 'console',
      visitId: noise(i, 'v') < 0.6 ? `V${80000 + i}` : null,
      openedAt: openedAt.toISOString(),
      ip: `10.${12 + (i % 4)}.3.${20 + i}`,
      hospitalId: who.hospitalId!,
    }
  })
}

// ---------------------------------------------------------------- events

export type FakeEvent = EventLogPage['events'][number]

/** 46 callbacks, newest first: mostly done, some pending, failed and parked. */
export function callbackEvents(): FakeEvent[] {
  const kinds = [
    ['change_external_contact', 'add_external_contact'],
    ['change_external_contact', 'del_follow_user'],
    ['change_external_contact', 'del_external_contact'],
    ['change_external_chat', 'create'],
    ['change_external_chat', 'update'],
    ['change_contact', 'update_user'],
  ] as const
  const statusOf = (i: number) =>
    i < 3
      ? 'pending'
      : [5, 11, 23].includes(i)
        ? 'failed'
        : [8, 30].includes(i)
          ? 'parked'
          : 'done'
  const errors: Record<string, string> = {
    failed: 'WeCom errcode 45033: api concurrent out of limit',
    parked:
      'external contact wmGone0001 not found (errcode 84061) after 5 attempts',
  }
  return Array.from({ length: 46 }, (_, i) => {
    const [event, changeType] = kinds[i % kinds.length]!
    const status = statusOf(i)
    const receivedAt = new Date(FAKE_NOW.getTime() - i * 47 * 60_000 - 20_000)
    const member = MEMBERS[i % 36]!
    return {
      id: `EV${String(5000 - i)}`,
      event,
      changeType,
      userId: member.userId,
      externalUserId:
        event === 'change_external_contact'
          ? `wmCust${String(i).padStart(4, '0')}`
          : null,
      chatId:
        event === 'change_external_chat'
          ? `wrChat${String(i).padStart(4, '0')}`
          : null,
      createTime: Math.floor(receivedAt.getTime() / 1000) - 1,
      receivedAt: receivedAt.toISOString(),
      status,
      // Runs, the one that applied it included; of them, the failed ones.
      // EV4986 was applied after failing three times.
      attempts:
        status === 'pending'
          ? 0
          : status === 'parked'
            ? 5
            : status === 'failed'
              ? 2
              : i === 14
                ? 4
                : 1,
      failedAttempts:
        status === 'pending'
          ? 0
          : status === 'parked'
            ? 5
            : status === 'failed'
              ? 2
              : i === 14
                ? 3
                : 0,
      lastError: errors[status] ?? null,
      processedAt:
        status === 'done'
          ? new Date(receivedAt.getTime() + 1200).toISOString()
          : null,
    }
  })
}
