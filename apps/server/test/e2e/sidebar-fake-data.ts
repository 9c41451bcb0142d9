/**
 * The demo hospital group the sidebar's fake API answers from: a cat
 * vaccinated yesterday with a mild fever today, a dog recovering from
 * surgery, an overdue vaccine, a drug allergy, an unbound WeCom customer and
 * a group whose name breaks the rule. Dates count from `today`, so the
 * pictures stay the same whatever day the tests run.
 */
import type {
  AlertView,
  CareFlagView,
  CareLine,
  FollowUpNote,
  HospitalRef,
  LabResult,
  QuickReply,
  SessionInfo,
  SidebarCustomer,
  SidebarPet,
  StaffRoleName,
  VisitDetail,
  WecomContactView,
  WecomGroupView,
  WeightPoint,
} from '@petcare/shared'

export const DEFAULT_TODAY = '2026-06-04'

export function addDays(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000
  return new Date(ms).toISOString().slice(0, 10)
}

/** 10:30 in China on `day`, as the UTC instant the API gives. */
function at(day: string, hour = 10): string {
  return new Date(
    Date.parse(`${day}T${String(hour).padStart(2, '0')}:30:00+08:00`),
  ).toISOString()
}

export const HOSPITALS: Record<string, HospitalRef> = {
  H101: { id: 'H101', name: '徐汇宠物医院' },
  H102: { id: 'H102', name: '静安宠物医院' },
}

export interface Member {
  userId: string
  name: string
  role: StaffRoleName
  hospitalId: string
}

export const MEMBERS: Member[] = [
  { userId: 'ZhangWei', name: '张伟', role: 'butler', hospitalId: 'H101' },
  { userId: 'LiNa', name: '李娜', role: 'doctor', hospitalId: 'H101' },
  { userId: 'WangFang', name: '王芳', role: 'nurse', hospitalId: 'H101' },
  { userId: 'ChenJing', name: '陈静', role: 'front_desk', hospitalId: 'H101' },
]

export function sessionOf(
  member: Member,
  mode: SessionInfo['mode'],
): SessionInfo {
  return {
    userId: member.userId,
    name: member.name,
    role: member.role,
    scope: member.role === 'doctor' ? 'doctor' : 'member',
    hospital: HOSPITALS[member.hospitalId]!,
    region: { id: 'R1', name: '华东大区' },
    expiresAt: '2099-01-01T00:00:00.000Z',
    mode,
  }
}

/** A customer with the unmasked phone the search matches against. */
export interface FakeCustomer extends SidebarCustomer {
  fullPhone: string | null
  petIds: string[]
}

export interface FakeData {
  today: string
  customers: Map<string, FakeCustomer>
  pets: Map<string, Omit<SidebarPet, 'recentVisits' | 'visitCount'>>
  visits: VisitDetail[]
  contacts: Map<string, WecomContactView>
  /** externalUserId → binding. */
  bindings: Map<
    string,
    {
      customerId: string
      method: 'phone' | 'customer_id' | 'created'
      boundAt: string
      boundBy: { userId: string; name: string }
    }
  >
  groups: Map<string, WecomGroupView>
  notes: FollowUpNote[]
  replies: Omit<QuickReply, 'filled' | 'missing'>[]
}

function line(
  id: string,
  zh: string,
  en: string,
  core: boolean,
  status: CareLine['status'],
  lastGivenOn: string | null,
  nextDueOn: string,
  today: string,
): CareLine {
  const overdue =
    status === 'overdue'
      ? Math.round((Date.parse(today) - Date.parse(nextDueOn)) / 86_400_000)
      : null
  return {
    id,
    name: { zh, en },
    core,
    status,
    lastGivenOn,
    nextDueOn,
    daysOverdue: overdue,
  }
}

function weights(today: string, kgs: number[], every = 30): WeightPoint[] {
  return kgs.map((kg, index) => ({
    measuredOn: addDays(today, -(kgs.length - 1 - index) * every - 1),
    kg,
  }))
}

function visit(
  petId: string,
  id: string,
  day: string,
  hospitalId: string,
  fields: Partial<VisitDetail> & { reason: string; diagnoses: string[] },
): VisitDetail {
  return {
    id,
    petId,
    visitedAt: at(day),
    hospital: HOSPITALS[hospitalId]!,
    doctorName: '李娜',
    treatments: [],
    prescriptions: [],
    recheckOn: null,
    history: null,
    exam: {
      temperatureC: 38.5,
      heartRate: null,
      breathingRate: null,
      weightKg: null,
      findings: null,
    },
    labs: [],
    ...fields,
  }
}

function lab(
  test: string,
  value: number,
  unit: string,
  low: number,
  high: number,
): LabResult {
  const flag = value < low ? 'low' : value > high ? 'high' : 'normal'
  return { test, value, unit, low, high, flag }
}

/** A fresh copy of the demo data (tests change it: binding, notes). */
export function buildFakeData(today = DEFAULT_TODAY): FakeData {
  const yesterday = addDays(today, -1)
  const surgery = addDays(today, -5)

  const customers = new Map<string, FakeCustomer>([
    [
      'C10023',
      {
        id: 'C10023',
        name: '林晓雯',
        phone: '138****5678',
        fullPhone: '13812345678',
        hospital: HOSPITALS.H101!,
        note: '周末才方便到院',
        petIds: ['P20032', 'P20031'],
      },
    ],
    [
      'C10045',
      {
        id: 'C10045',
        name: '周建国',
        phone: '139****2211',
        fullPhone: '13901102211',
        hospital: HOSPITALS.H101!,
        note: null,
        petIds: ['P20045'],
      },
    ],
    [
      'C10088',
      {
        id: 'C10088',
        name: '赵敏',
        phone: '139****0001',
        fullPhone: '13900000001',
        hospital: HOSPITALS.H102!,
        note: null,
        petIds: ['P20088'],
      },
    ],
  ])

  const allergy: AlertView = {
    kind: 'allergy',
    text: '青霉素类药物过敏',
    severity: 'high',
    since: '2025-09-12',
  }
  const vaccinated: CareFlagView = {
    flag: 'recent_vaccination',
    sinceOn: yesterday,
    untilOn: addDays(yesterday, 7),
    note: null,
  }
  const postSurgery: CareFlagView = {
    flag: 'post_surgery',
    sinceOn: surgery,
    untilOn: addDays(surgery, 30),
    note: '伤口护理，限制运动',
  }

  const pets: FakeData['pets'] = new Map()
  pets.set('P20032', {
    id: 'P20032',
    name: '豆豆',
    species: 'dog',
    breed: '柯基',
    sex: 'male',
    neutered: true,
    birthDate: '2021-11-20',
    colour: '黄白',
    microchip: '900123456789012',
    status: 'active',
    photoUrl: null,
    alerts: [allergy],
    weights: weights(today, [11.2, 11.8, 12.1, 12.6]),
    vaccines: [
      line(
        'dog-core-dhpp',
        '犬四联',
        'DHPP',
        true,
        'up_to_date',
        '2025-12-01',
        '2026-12-01',
        today,
      ),
      line(
        'dog-core-rabies',
        '狂犬疫苗',
        'Rabies',
        true,
        'overdue',
        '2025-04-20',
        '2026-04-20',
        today,
      ),
    ],
    deworming: [
      line(
        'dw-int',
        '体内驱虫',
        'Internal',
        false,
        'due_soon',
        addDays(today, -83),
        addDays(today, 7),
        today,
      ),
    ],
    careFlags: [],
  })
  pets.set('P20031', {
    id: 'P20031',
    name: '咪咪',
    species: 'cat',
    breed: '英国短毛猫',
    sex: 'female',
    neutered: true,
    birthDate: '2024-03-01',
    colour: '蓝灰',
    microchip: null,
    status: 'active',
    photoUrl: null,
    alerts: [],
    weights: weights(today, [3.2, 3.5, 3.8, 4.0, 4.1, 4.3, 4.25]),
    vaccines: [
      line(
        'cat-core-fvrcp',
        '猫三联',
        'FVRCP',
        true,
        'up_to_date',
        yesterday,
        addDays(yesterday, 365),
        today,
      ),
      line(
        'cat-core-rabies',
        '狂犬疫苗',
        'Rabies',
        true,
        'due_soon',
        '2025-06-20',
        addDays(today, 16),
        today,
      ),
    ],
    deworming: [
      line(
        'dw-ext',
        '体外驱虫',
        'External',
        false,
        'due',
        addDays(today, -30),
        today,
        today,
      ),
    ],
    careFlags: [vaccinated],
  })
  pets.set('P20045', {
    id: 'P20045',
    name: '旺财',
    species: 'dog',
    breed: '金毛',
    sex: 'male',
    neutered: false,
    birthDate: '2019-08-15',
    colour: '金黄',
    microchip: '900123456700045',
    status: 'active',
    photoUrl: null,
    alerts: [
      {
        kind: 'behaviour',
        text: '打针时会咬人，需戴嘴套',
        severity: 'medium',
        since: null,
      },
    ],
    weights: weights(today, [31.5, 32.0, 31.2, 29.8], 20),
    vaccines: [
      line(
        'dog-core-dhpp',
        '犬四联',
        'DHPP',
        true,
        'up_to_date',
        '2026-01-10',
        '2027-01-10',
        today,
      ),
      line(
        'dog-core-rabies',
        '狂犬疫苗',
        'Rabies',
        true,
        'up_to_date',
        '2026-01-10',
        '2027-01-10',
        today,
      ),
    ],
    deworming: [],
    careFlags: [postSurgery],
  })
  pets.set('P20088', {
    id: 'P20088',
    name: '豆豆',
    species: 'dog',
    breed: '泰迪',
    sex: 'female',
    neutered: null,
    birthDate: addDays(today, -160),
    colour: null,
    microchip: null,
    status: 'active',
    photoUrl: null,
    alerts: [],
    weights: weights(today, [2.1]),
    vaccines: [
      line(
        'dog-core-dhpp',
        '犬四联',
        'DHPP',
        true,
        'overdue',
        addDays(today, -61),
        addDays(today, -40),
        today,
      ),
    ],
    deworming: [],
    careFlags: [],
  })

  const visits: VisitDetail[] = [
    visit('P20031', 'VIS-C10023-today', today, 'H101', {
      reason: '发烧',
      diagnoses: ['疫苗接种后一过性发热'],
      treatments: ['观察 24–48 小时', '多饮水'],
      history: '昨日接种猫三联，今晨精神稍差，食欲略减，无呕吐腹泻。',
      exam: {
        temperatureC: 39.3,
        heartRate: 190,
        breathingRate: 32,
        weightKg: 4.25,
        findings: '注射部位无肿胀，黏膜粉红。',
      },
      labs: [
        lab('白细胞 WBC', 12.1, '10^9/L', 5.5, 19.5),
        lab('体温', 39.3, '℃', 38.0, 39.2),
      ],
    }),
    visit('P20031', 'VIS-C10023-vaccine', yesterday, 'H101', {
      reason: '疫苗接种',
      diagnoses: ['健康'],
      treatments: ['猫三联第 3 针'],
    }),
  ]
  const complaints = [
    ['呕吐', '急性胃肠炎', '对症治疗', '马罗匹坦'],
    ['皮肤瘙痒', '过敏性皮炎', '药浴', '氯雷他定'],
    ['体检', '健康', '', ''],
    ['拉肚子', '肠炎', '补液', '益生菌'],
    ['牙结石', '牙周病', '超声洁牙', ''],
  ] as const
  for (let index = 0; index < 10; index++) {
    const [reason, diagnosis, treatment, drug] =
      complaints[index % complaints.length]!
    visits.push(
      visit(
        'P20031',
        `VIS-C10023-${index}`,
        addDays(today, -30 - index * 41),
        index % 3 ? 'H101' : 'H102',
        {
          reason,
          diagnoses: [diagnosis],
          treatments: treatment ? [treatment] : [],
          prescriptions: drug ? [{ drug, dose: '每日 1 次', days: 5 }] : [],
          doctorName: index % 2 ? '李娜' : '刘洋',
        },
      ),
    )
  }
  visits.push(
    visit('P20045', 'VIS-C10045-surgery', surgery, 'H101', {
      reason: '左后肢骨折',
      diagnoses: ['左胫骨骨折'],
      treatments: ['骨折内固定手术', '术后镇痛'],
      prescriptions: [
        { drug: '美洛昔康', dose: '0.1 mg/kg 每日 1 次', days: 5 },
        { drug: '头孢氨苄', dose: '22 mg/kg 每日 2 次', days: 7 },
      ],
      recheckOn: addDays(today, 2),
      history: '车祸后左后肢不能负重 2 小时。',
      exam: {
        temperatureC: 38.9,
        heartRate: 110,
        breathingRate: 28,
        weightKg: 29.8,
        findings: '左胫骨中段异常活动，X 光示斜骨折。',
      },
      labs: [
        lab('白细胞 WBC', 21.4, '10^9/L', 6.0, 17.0),
        lab('血红蛋白 HGB', 112, 'g/L', 120, 180),
        lab('肌酐 CREA', 88, 'μmol/L', 44, 159),
      ],
    }),
    visit('P20032', 'VIS-C10023-dog-1', addDays(today, -200), 'H101', {
      reason: '皮肤瘙痒',
      diagnoses: ['过敏性皮炎'],
      treatments: ['停用青霉素类药物'],
      prescriptions: [{ drug: '氯雷他定', dose: '每日 1 次', days: 7 }],
    }),
    visit('P20088', 'VIS-C10088-1', addDays(today, -61), 'H102', {
      reason: '疫苗接种',
      diagnoses: ['健康'],
      treatments: ['犬四联第 1 针'],
      doctorName: '刘洋',
    }),
  )

  const contacts = new Map<string, WecomContactView>([
    [
      'wmDemoCustomer001',
      {
        externalUserId: 'wmDemoCustomer001',
        name: '晓雯🐱',
        avatar: null,
        type: 1,
        followers: [
          {
            userId: 'ZhangWei',
            name: '张伟',
            remark: '林晓雯-咪咪',
            tags: ['猫', '疫苗客户', '高价值'],
            state: 'store_H101_front_desk',
            channelHospital: HOSPITALS.H101!,
            since: at('2024-05-02'),
          },
          {
            userId: 'LiNa',
            name: '李娜',
            remark: null,
            tags: ['复诊'],
            state: null,
            channelHospital: null,
            since: at('2025-01-11'),
          },
        ],
      },
    ],
    [
      'wmDemoCustomer002',
      {
        externalUserId: 'wmDemoCustomer002',
        name: '周先生',
        avatar: null,
        type: 1,
        followers: [
          {
            userId: 'ZhangWei',
            name: '张伟',
            remark: '周建国-旺财',
            tags: ['术后'],
            state: 'online_consult',
            channelHospital: null,
            since: at('2023-03-18'),
          },
        ],
      },
    ],
    [
      'wmDemoCustomer003',
      {
        externalUserId: 'wmDemoCustomer003',
        name: '豆豆妈🐶',
        avatar: null,
        type: 1,
        followers: [
          {
            userId: 'ZhangWei',
            name: '张伟',
            remark: null,
            tags: [],
            state: 'online_consult',
            channelHospital: null,
            since: at(addDays(today, -2)),
          },
        ],
      },
    ],
  ])

  const bindings: FakeData['bindings'] = new Map([
    [
      'wmDemoCustomer001',
      {
        customerId: 'C10023',
        method: 'phone',
        boundAt: at('2024-05-02', 11),
        boundBy: { userId: 'ZhangWei', name: '张伟' },
      },
    ],
    [
      'wmDemoCustomer002',
      {
        customerId: 'C10045',
        method: 'customer_id',
        boundAt: at('2023-03-18', 15),
        boundBy: { userId: 'ChenJing', name: '陈静' },
      },
    ],
  ])

  const groups = new Map<string, WecomGroupView>([
    [
      'wrDemoGroup001',
      {
        chatId: 'wrDemoGroup001',
        name: 'C10023-咪咪-发烧',
        owner: { userId: 'ZhangWei', name: '张伟' },
        memberCount: 5,
        customerCount: 1,
        nameOk: true,
        parsedName: {
          customerId: 'C10023',
          petName: '咪咪',
          complaint: '发烧',
        },
        missingRoles: ['nurse'],
        dismissed: false,
      },
    ],
    [
      'wrDemoGroup002',
      {
        chatId: 'wrDemoGroup002',
        name: 'C10045-旺财-骨折术后',
        owner: { userId: 'ZhangWei', name: '张伟' },
        memberCount: 6,
        customerCount: 1,
        nameOk: true,
        parsedName: {
          customerId: 'C10045',
          petName: '旺财',
          complaint: '骨折术后',
        },
        missingRoles: [],
        dismissed: false,
      },
    ],
    [
      'wrDemoGroup003',
      {
        chatId: 'wrDemoGroup003',
        name: '林女士的猫咪群',
        owner: { userId: 'ChenJing', name: '陈静' },
        memberCount: 3,
        customerCount: 1,
        nameOk: false,
        parsedName: null,
        missingRoles: ['doctor', 'nurse'],
        dismissed: false,
      },
    ],
  ])

  const notes: FollowUpNote[] = [
    {
      id: 'N1',
      customerId: 'C10023',
      externalUserId: 'wmDemoCustomer001',
      petId: 'P20031',
      author: { userId: 'LiNa', name: '李娜' },
      text: '明天上午回访咪咪体温，超过 39.5℃ 请到院。',
      remindOn: addDays(today, 1),
      doneAt: null,
      createdAt: at(today, 11),
    },
    {
      id: 'N2',
      customerId: 'C10023',
      externalUserId: 'wmDemoCustomer001',
      petId: 'P20032',
      author: { userId: 'ZhangWei', name: '张伟' },
      text: '提醒豆豆补打狂犬疫苗。',
      remindOn: addDays(today, -3),
      doneAt: null,
      createdAt: at(addDays(today, -10)),
    },
    {
      id: 'N3',
      customerId: 'C10023',
      externalUserId: 'wmDemoCustomer001',
      petId: 'P20031',
      author: { userId: 'ZhangWei', name: '张伟' },
      text: '预约猫三联第 3 针。',
      remindOn: null,
      doneAt: at(yesterday, 9),
      createdAt: at(addDays(today, -20)),
    },
  ]

  const replies: FakeData['replies'] = [
    {
      id: 'QR1',
      scope: 'head_office',
      category: '疫苗',
      title: '接种后注意事项',
      kind: 'text',
      content:
        '{{customerName}}您好，{{petName}}刚接种完疫苗，1–2 天内可能有轻微发热、精神稍差，属正常反应，多喝水、多休息就好；如果持续超过 48 小时，请联系{{hospital}}。',
      link: null,
      imageUrl: null,
    },
    {
      id: 'QR2',
      scope: 'head_office',
      category: '疫苗',
      title: '疫苗到期提醒',
      kind: 'text',
      content:
        '{{customerName}}您好，{{petName}}的疫苗将在 {{dueDate}} 到期，欢迎提前预约到{{hospital}}接种。',
      link: null,
      imageUrl: null,
    },
    {
      id: 'QR3',
      scope: 'region',
      category: '术后护理',
      title: '术后护理指南',
      kind: 'link',
      content: '术后 14 天护理要点：伤口、饮食、运动',
      link: {
        url: 'https://example.com/care/post-surgery',
        title: '术后 14 天护理指南',
        desc: '伤口、饮食、运动，一篇讲清',
        imgUrl:
          'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2248%22 height=%2248%22%3E%3Crect width=%2248%22 height=%2248%22 fill=%22%230f766e%22/%3E%3C/svg%3E',
      },
      imageUrl: null,
    },
    {
      id: 'QR4',
      scope: 'region',
      category: '到院',
      title: '医院位置与停车',
      kind: 'image',
      content: '',
      link: null,
      imageUrl:
        'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%22240%22 height=%22120%22%3E%3Crect width=%22240%22 height=%22120%22 fill=%22%23e6f4f2%22/%3E%3Ctext x=%2220%22 y=%2265%22 font-size=%2218%22 fill=%22%230f766e%22%3EMap%3C/text%3E%3C/svg%3E',
    },
    {
      id: 'QR5',
      scope: 'personal',
      category: '日常问候',
      title: '我是您的爱宠管家',
      kind: 'text',
      content:
        '您好，我是{{hospital}}的爱宠管家{{memberName}}，{{petName}}有任何问题都可以随时问我 🐾',
      link: null,
      imageUrl: null,
    },
  ]

  return {
    today,
    customers,
    pets,
    visits,
    contacts,
    bindings,
    groups,
    notes,
    replies,
  }
}
