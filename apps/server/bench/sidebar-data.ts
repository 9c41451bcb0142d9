/**
 * The dataset `bench:sidebar` measures on: a hospital chain of 4 regions and
 * 9 hospitals with its WeCom directory, ~0.9 hospital customers per pet
 * (some with two pets), a WeCom customer, follow and live binding for most
 * of them, and per pet two vaccinations, a deworming, a few weighings and
 * ~5 visits with the Chinese text and JSON a hospital system writes.
 *
 * Everything comes from seeded generators, so the same options give the
 * same rows on every machine. Rows are handed to `emit` one at a time in
 * the tables' column order; the loaders in `sidebar-load.ts` write them.
 */

/** A table and the columns rows are emitted in. */
export interface TableSpec {
  name: string
  columns: readonly string[]
}

export type Value = string | number | null
export type Emit = (table: TableSpec, row: Value[]) => void

const table = (name: string, columns: string): TableSpec => ({
  name,
  columns: columns.split(/\s*,\s*/),
})

export const TABLES = {
  region: table('region', 'id, name, wecom_department_id, updated_at'),
  hospital: table(
    'hospital',
    'id, name, region_id, wecom_department_id, phone, address, updated_at',
  ),
  department: table(
    'department',
    'id, name, parent_id, sort_order, kind, deleted_at, source_time, updated_at',
  ),
  staff: table(
    'staff',
    'user_id, name, position, role, department_ids, main_department_id, ' +
      'status, deleted_at, source_time, updated_at',
  ),
  hospitalCustomer: table(
    'hospital_customer',
    'id, name, phone, hospital_id, note, source_hash, created_at, updated_at',
  ),
  customer: table(
    'customer',
    'external_user_id, name, avatar, type, gender, union_id, corp_name, ' +
      'source_time, updated_at',
  ),
  follow: table(
    'follow',
    'user_id, external_user_id, remark, description, tags_json, add_way, ' +
      'state, oper_user_id, started_at, ended_at, ended_by, end_source, ' +
      'welcome_status, welcome_detail, updated_at',
  ),
  binding: table(
    'customer_binding',
    'id, customer_id, external_user_id, method, bound_by, bound_at, ' +
      'unbound_at, unbound_by',
  ),
  pet: table(
    'pet',
    'id, customer_id, name, species, breed, sex, neutered, birth_date, ' +
      'colour, microchip, status, photo_url, source_hash, updated_at',
  ),
  weight: table('pet_weight', 'pet_id, measured_on, weight_grams'),
  alert: table(
    'pet_alert',
    'id, pet_id, kind, text, severity, since, resolved_on, updated_at',
  ),
  vaccination: table(
    'vaccination',
    'id, pet_id, vaccine_id, vaccine_name, dose_number, given_on, batch, ' +
      'given_by, hospital_id, source_hash, updated_at',
  ),
  deworming: table(
    'deworming',
    'id, pet_id, product, kinds, given_on, hospital_id, source_hash, updated_at',
  ),
  careFlag: table('care_flag', 'pet_id, flag, since_on, until_on, note'),
  note: table(
    'follow_up_note',
    'id, customer_id, external_user_id, chat_id, pet_id, author_user_id, ' +
      'text, remind_on, done_at, done_by, created_at',
  ),
  visit: table(
    'visit',
    'id, pet_id, customer_id, hospital_id, doctor_name, doctor_user_id, ' +
      'visited_at, reason, history, exam_json, assessment_json, plan_json, ' +
      'labs_json, recheck_on, amount_cents, paid, source_hash, updated_at',
  ),
} as const

/** mulberry32, as the simulator's corp uses: tiny, fast and seedable. */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** 32 bits of hex at a time: a sha256-sized value in 8 draws, not 64. */
  hex64(): string {
    let text = ''
    for (let i = 0; i < 8; i++) {
      text += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0')
    }
    return text
  }

  /** WeCom's opaque ids use base64url letters. */
  urlSafe(length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) {
      text += URL_SAFE[Math.floor(this.next() * 64)]
    }
    return text
  }
}

const URL_SAFE =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// A fixed "today" for the data, so a rebuild on another day gives the same
// rows; the server's own today only moves the vaccine due dates.
const ANCHOR = Date.UTC(2026, 11, 1)
const DAY = 86_400_000
const YEARS_OF_VISITS = 5

/** A UTC instant as both databases take it: `YYYY-MM-DD HH:MM:SS.SSS`. */
export function datetime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23)
}

/** A calendar date `days` before the anchor. */
function dayBefore(days: number): string {
  return new Date(ANCHOR - days * DAY).toISOString().slice(0, 10)
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10)
}

const LOADED_AT = datetime(ANCHOR)

// ---------------------------------------------------------------- wording

const SURNAMES = [
  ['张', 'Zhang'],
  ['王', 'Wang'],
  ['李', 'Li'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['黄', 'Huang'],
  ['赵', 'Zhao'],
  ['吴', 'Wu'],
  ['周', 'Zhou'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['马', 'Ma'],
  ['朱', 'Zhu'],
  ['胡', 'Hu'],
  ['郭', 'Guo'],
  ['何', 'He'],
  ['林', 'Lin'],
  ['罗', 'Luo'],
  ['高', 'Gao'],
] as const
const GIVEN = [
  ['伟', 'Wei'],
  ['芳', 'Fang'],
  ['娜', 'Na'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['丽', 'Li'],
  ['强', 'Qiang'],
  ['磊', 'Lei'],
  ['洋', 'Yang'],
  ['艳', 'Yan'],
  ['勇', 'Yong'],
  ['军', 'Jun'],
  ['杰', 'Jie'],
  ['娟', 'Juan'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['秀', 'Xiu'],
  ['霞', 'Xia'],
  ['婷', 'Ting'],
  ['雪', 'Xue'],
  ['晨', 'Chen'],
  ['宇', 'Yu'],
  ['欣', 'Xin'],
] as const
const PET_NAMES = [
  '豆豆',
  '咪咪',
  '旺财',
  '球球',
  '可乐',
  '布丁',
  '奶茶',
  '年糕',
  '汤圆',
  '花卷',
  '多多',
  '毛毛',
  '团子',
  '大黄',
  '小白',
  '芝麻',
  '橘子',
  '糯米',
  '煤球',
  '元宝',
  'Lucky',
  'Coco',
  'Moco',
  'Lucy',
  'Max',
  'Bella',
  '馒头',
  '乐乐',
  '丢丢',
  '皮皮',
]
const DOG_BREEDS = [
  '柯基',
  '金毛寻回犬',
  '泰迪',
  '柴犬',
  '比熊',
  '拉布拉多',
  '边境牧羊犬',
  '博美',
  '法国斗牛犬',
  '中华田园犬',
  '雪纳瑞',
  '萨摩耶',
]
const CAT_BREEDS = [
  '英国短毛猫',
  '布偶猫',
  '中华田园猫',
  '美国短毛猫',
  '暹罗猫',
  '缅因猫',
  '金渐层',
  '银渐层',
  '加菲猫',
]
const OTHER_BREEDS = ['荷兰猪', '垂耳兔', '仓鼠', '龙猫']
const COLOURS = ['黄白', '黑色', '白色', '三花', '橘色', '灰色', '棕色', '黑白']

interface Case {
  reason: string
  diagnoses: string[]
  treatments: string[]
  drugs: number[]
  labs: number
}

/** Why pets come in, what they are found to have, what is done. */
const CASES: Case[] = [
  {
    reason: '呕吐两天，食欲下降',
    diagnoses: ['急性胃肠炎', '胃炎', '异物摄入待排除'],
    treatments: ['皮下补液', '止吐', '禁食 12 小时后少量多餐'],
    drugs: [1, 4, 3],
    labs: 0.7,
  },
  {
    reason: '腹泻，便中带血',
    diagnoses: ['肠炎', '细菌性肠炎', '寄生虫感染'],
    treatments: ['皮下补液', '口服益生菌', '粪便检查'],
    drugs: [2, 3, 0],
    labs: 0.5,
  },
  {
    reason: '皮肤瘙痒、局部掉毛',
    diagnoses: ['过敏性皮炎', '马拉色菌感染', '跳蚤过敏性皮炎'],
    treatments: ['皮肤刮片检查', '药浴', '体外驱虫'],
    drugs: [6, 13, 5],
    labs: 0.1,
  },
  {
    reason: '咳嗽、打喷嚏一周',
    diagnoses: ['上呼吸道感染', '猫鼻支', '犬窝咳'],
    treatments: ['雾化治疗', '抗生素治疗'],
    drugs: [10, 0, 8],
    labs: 0.4,
  },
  {
    reason: '年度体检',
    diagnoses: ['健康', '轻度牙结石', '体重超标'],
    treatments: ['体格检查', '血常规和生化检查', '饮食建议'],
    drugs: [],
    labs: 0.9,
  },
  {
    reason: '口臭，牙龈红肿',
    diagnoses: ['牙周病', '牙结石（重度）'],
    treatments: ['超声波洁牙', '拔除松动牙齿', '术后镇痛'],
    drugs: [9, 0],
    labs: 0.8,
  },
  {
    reason: '耳朵有异味，频繁甩头',
    diagnoses: ['外耳炎', '耳螨感染'],
    treatments: ['耳道清洗', '耳镜检查'],
    drugs: [7],
    labs: 0.05,
  },
  {
    reason: '左后肢跛行',
    diagnoses: ['髌骨脱位（II 级）', '软组织挫伤', '十字韧带损伤待排除'],
    treatments: ['X 光检查', '限制运动', '镇痛消炎'],
    drugs: [9],
    labs: 0.3,
  },
  {
    reason: '尿频、尿中带血',
    diagnoses: ['膀胱炎', '泌尿系结石', '特发性膀胱炎'],
    treatments: ['尿检', 'B 超检查', '增加饮水'],
    drugs: [0, 9, 14],
    labs: 0.8,
  },
  {
    reason: '眼睛分泌物增多、眯眼',
    diagnoses: ['结膜炎', '角膜溃疡'],
    treatments: ['荧光素染色检查', '眼部清洁'],
    drugs: [8],
    labs: 0.05,
  },
  {
    reason: '多饮多尿，体重下降',
    diagnoses: ['慢性肾病（IRIS 2 期）', '糖尿病待排除'],
    treatments: ['血常规和生化检查', '皮下补液', '处方粮管理'],
    drugs: [14, 11],
    labs: 1,
  },
  {
    reason: '疫苗接种',
    diagnoses: ['健康，接种疫苗'],
    treatments: ['体格检查', '疫苗注射', '留观 30 分钟'],
    drugs: [],
    labs: 0.05,
  },
  {
    reason: '绝育术前检查及手术',
    diagnoses: ['健康，择期绝育'],
    treatments: ['术前血检', '绝育手术', '术后镇痛', '佩戴伊丽莎白圈'],
    drugs: [0, 9],
    labs: 1,
  },
  {
    reason: '术后复查',
    diagnoses: ['术后恢复良好'],
    treatments: ['伤口检查', '换药'],
    drugs: [0],
    labs: 0.2,
  },
]

/** [drug, dose, days] as prescriptions are written. */
const DRUGS: [string, string, number][] = [
  ['阿莫西林克拉维酸钾片（速诺）', '每次 1 片（50mg），每日 2 次，随餐', 7],
  ['马罗匹坦注射液', '1mg/kg 皮下注射，每日 1 次', 3],
  ['蒙脱石散', '每次 1/3 袋，每日 3 次，与其他药间隔 1 小时', 3],
  ['宠物益生菌', '每次 1 包，每日 1 次，拌粮', 14],
  ['奥美拉唑肠溶胶囊', '1mg/kg，每日 1 次，空腹', 7],
  ['泼尼松龙片', '0.5mg/kg，每日 2 次，一周后逐渐减量', 14],
  ['奥拉替尼片', '0.4mg/kg，每日 2 次，14 天后改为每日 1 次', 14],
  ['耳肤灵滴耳液', '每侧耳 5 滴，每日 2 次，滴后按摩耳根', 10],
  ['妥布霉素滴眼液', '每次 1 滴，每日 4 次', 7],
  ['美洛昔康口服混悬液', '0.1mg/kg，每日 1 次，随餐', 5],
  ['多西环素片', '5mg/kg，每日 2 次，服药后喂水', 10],
  ['呋塞米片', '1mg/kg，每日 2 次', 30],
  ['贝那普利片', '0.5mg/kg，每日 1 次', 30],
  ['氯己定药浴香波', '每周 2 次，停留 10 分钟后冲洗', 28],
  ['肾脏处方粮', '按体重每日定量饲喂', 90],
]

/** [test, unit, low, high]: a blood count and a chemistry panel. */
const CBC: [string, string, number, number][] = [
  ['WBC 白细胞计数', '10^9/L', 6, 17],
  ['NEU# 中性粒细胞数', '10^9/L', 3, 12],
  ['LYM# 淋巴细胞数', '10^9/L', 1, 4.8],
  ['MONO# 单核细胞数', '10^9/L', 0.2, 1.5],
  ['RBC 红细胞计数', '10^12/L', 5.5, 8.5],
  ['HGB 血红蛋白', 'g/L', 120, 180],
  ['HCT 红细胞压积', '%', 37, 55],
  ['MCV 平均红细胞体积', 'fL', 60, 77],
  ['MCH 平均血红蛋白含量', 'pg', 19.5, 24.5],
  ['MCHC 平均血红蛋白浓度', 'g/L', 310, 370],
  ['PLT 血小板计数', '10^9/L', 200, 500],
]
const CHEMISTRY: [string, string, number, number][] = [
  ['ALT 丙氨酸氨基转移酶', 'U/L', 10, 100],
  ['ALP 碱性磷酸酶', 'U/L', 23, 212],
  ['GGT 谷氨酰转移酶', 'U/L', 0, 11],
  ['TBIL 总胆红素', 'umol/L', 0, 15],
  ['BUN 尿素氮', 'mmol/L', 2.5, 9.6],
  ['CREA 肌酐', 'umol/L', 44, 159],
  ['SDMA 对称二甲基精氨酸', 'ug/dL', 0, 14],
  ['GLU 葡萄糖', 'mmol/L', 4.1, 7.9],
  ['TP 总蛋白', 'g/L', 52, 82],
  ['ALB 白蛋白', 'g/L', 23, 40],
  ['GLOB 球蛋白', 'g/L', 25, 45],
  ['Ca 钙', 'mmol/L', 1.98, 3],
  ['PHOS 磷', 'mmol/L', 0.81, 2.2],
  ['K 钾', 'mmol/L', 3.5, 5.8],
]

const HISTORY: ((r: Random) => string)[] = [
  (r) =>
    `精神${r.pick(['良好', '一般', '稍差', '沉郁'])}，食欲${r.pick(['正常', '下降', '明显下降', '废绝'])}，饮水${r.pick(['正常', '增多', '减少'])}。`,
  (r) =>
    `近${r.int(1, 14)}天${r.pick(['未更换', '更换过'])}主粮，${r.pick(['未', '偶尔', '经常'])}喂食人类食物和零食。`,
  (r) =>
    `${r.pick(['按时', '未按时', '不定期'])}驱虫，最近一次体内驱虫在${r.int(1, 6)}个月前；疫苗${r.pick(['按时接种', '已过期', '记录不全'])}。`,
  (r) =>
    `家中${r.pick(['另有一只猫', '另有一只狗', '无其他宠物', '有两只猫'])}，${r.pick(['未见类似症状', '近期也有轻微症状'])}。`,
  (r) =>
    `主人描述${r.pick(['呕吐物为未消化食物', '呕吐物为黄色泡沫', '粪便稀软不成形', '夜间咳嗽加重', '舔舐患处频繁', '排尿时有疼痛表现'])}，${r.pick(['每日 1–2 次', '每日 3 次以上', '偶发'])}。`,
  (r) =>
    `既往${r.pick(['无特殊病史', '有胰腺炎病史', '有皮肤过敏史', '一年前做过绝育手术', '有慢性肾病，定期复查'])}，${r.pick(['无药物过敏史', '对青霉素类药物过敏', '过敏史不详'])}。`,
  (r) =>
    `${r.pick(['近期有外出遛弯，接触过其他犬只', '纯室内饲养', '近期搬家，环境变化较大', '近期寄养过一周'])}。`,
  (r) =>
    `主人已自行喂服${r.pick(['益生菌', '蒙脱石散', '人用感冒药', '消炎药'])}，${r.pick(['效果不明显', '症状稍有缓解', '用药后症状加重'])}。`,
]

const FINDINGS: ((r: Random) => string)[] = [
  (r) =>
    `体况评分 ${r.int(3, 7)}/9，黏膜${r.pick(['粉红', '稍苍白', '潮红'])}，CRT<2s，脱水约${r.pick(['0', '3', '5', '7'])}%。`,
  (r) =>
    `浅表淋巴结${r.pick(['未见肿大', '下颌淋巴结轻度肿大'])}；心肺听诊${r.pick(['未见异常', '可闻及 II 级收缩期杂音', '呼吸音粗粝'])}。`,
  (r) =>
    `腹部触诊${r.pick(['柔软，无明显疼痛', '前腹部轻度疼痛', '膀胱充盈，按压敏感', '可触及肠管积气'])}。`,
  (r) =>
    `皮肤被毛${r.pick(['光亮', '干燥，有皮屑', '背部及尾根部脱毛、红斑', '腹部散在丘疹'])}；耳道${r.pick(['清洁', '有褐色分泌物', '红肿，有异味'])}。`,
  (r) =>
    `口腔检查：${r.pick(['牙齿清洁', '轻度牙结石', '重度牙结石，牙龈退缩', '上颌第四前臼齿松动'])}。`,
  (r) =>
    `步态${r.pick(['正常', '左后肢跛行', '右前肢跛行', '站立困难'])}，${r.pick(['关节未见肿胀', '膝关节触诊有摩擦音', '髌骨可内侧脱位'])}。`,
]

const NOTE_TEXTS = [
  '提醒主人三天后复诊，带上粪便样本',
  '主人希望下次由同一位医生接诊',
  '已告知疫苗到期，主人说下周末来',
  '处方粮快吃完了，提醒回购',
  '术后第 7 天拆线，记得提前一天确认时间',
  '主人对价格比较敏感，优先推荐套餐',
  '猫咪胆小，到院后请安排安静的候诊区',
  '主人反馈药片喂不进去，建议改用口服液',
]
const CUSTOMER_NOTES = [
  '老客户，每月到店洗护',
  '有两只宠物，常在周末到店',
  '对药物过敏史非常关注，沟通需详细',
  '会员卡余额充足，偏好微信沟通',
  '曾投诉候诊时间过长',
]
const ALERTS: [string, string, string][] = [
  ['allergy', '青霉素类药物过敏', 'high'],
  ['allergy', '对鸡肉蛋白过敏，禁喂含鸡肉的粮食和零食', 'medium'],
  ['allergy', '麻醉后曾出现低体温，术中需保温', 'high'],
  ['chronic', '慢性肾病（IRIS 2 期），定期复查肾功能', 'high'],
  ['chronic', '二尖瓣退行性病变，避免剧烈运动', 'medium'],
  ['chronic', '糖尿病，每日两次胰岛素', 'high'],
  ['behaviour', '有攻击性，保定时需戴嘴套', 'medium'],
  ['behaviour', '应激反应强，尽量缩短等候时间', 'low'],
]
const DEWORMERS = ['大宠爱', '福来恩', '拜宠清', '海乐妙', '博来恩', '超可信']
const TAGS = [
  ['客户等级', '普通会员'],
  ['客户等级', '银卡会员'],
  ['客户等级', '金卡会员'],
  ['关注项目', '疫苗'],
  ['关注项目', '驱虫'],
  ['关注项目', '洗护'],
  ['关注项目', '慢病管理'],
  ['来源渠道', '门店到访'],
  ['来源渠道', '线上咨询'],
] as const

/** `count` different items, in the list's order. */
function some<T>(random: Random, items: readonly T[], count: number): T[] {
  let left = Math.min(count, items.length)
  return items.filter((_, i) => {
    const take = random.next() * (items.length - i) < left
    if (take) {
      left--
    }
    return take
  })
}

// ------------------------------------------------------------ the chain

interface Staff {
  userId: string
  name: string
}

interface Hospital {
  id: string
  departmentId: string
  name: string
  weight: number
  butlers: Staff[]
  doctors: Staff[]
}

const REGIONS = [
  { name: '华东大区', stores: ['上海徐汇店', '上海静安店', '杭州西湖店'] },
  { name: '华南大区', stores: ['广州天河店', '深圳南山店'] },
  { name: '华北大区', stores: ['北京朝阳店', '北京海淀店'] },
  { name: '西南大区', stores: ['成都锦江店', '重庆渝中店'] },
]
/** Busier and quieter hospitals: customers are spread by these weights. */
const HOSPITAL_WEIGHTS = [1.4, 1.1, 0.8, 1.2, 0.9, 1.3, 1.0, 0.7, 0.6]

export interface DatasetOptions {
  pets: number
  visits: number
  seed: number
}

/**
 * The seeded generators. Customers (with everything per customer and per
 * pet) come first, then visits in time order, each for a pet picked at
 * random: as a hospital system's visit ids run, so a pet's visits lie
 * scattered over the table rather than side by side.
 */
export class SidebarDataset {
  readonly customers: number
  readonly hospitals: Hospital[] = []
  private readonly customerRandom: Random
  private readonly visitRandom: Random
  private nextCustomer = 0
  private nextPet = 0
  private nextVisit = 0
  private nextBinding = 1
  private nextNote = 0
  private readonly petCustomer: Int32Array
  private readonly customerHospital: Uint8Array

  constructor(readonly options: DatasetOptions) {
    // ~10% of customers bring a second pet.
    this.customers = Math.max(1, Math.round(options.pets * 0.9))
    this.customerRandom = new Random(options.seed)
    this.visitRandom = new Random(options.seed + 1)
    this.petCustomer = new Int32Array(options.pets)
    this.customerHospital = new Uint8Array(this.customers)
  }

  /** Departments, staff, regions and hospitals. */
  directory(emit: Emit): void {
    const random = new Random(this.options.seed + 2)
    const taken = new Set<string>()
    const person = (): Staff => {
      const [surname, surnamePinyin] = random.pick(SURNAMES)
      const [given, givenPinyin] = random.pick(GIVEN)
      const base = `${surnamePinyin}${givenPinyin}`
      let userId = base
      for (let n = 2; taken.has(userId); n++) {
        userId = `${base}${n}`
      }
      taken.add(userId)
      return { userId, name: `${surname}${given}` }
    }
    const staff = (
      who: Staff,
      role: string,
      position: string,
      departmentId: string,
    ) =>
      emit(TABLES.staff, [
        who.userId,
        who.name,
        position,
        role,
        departmentId,
        departmentId,
        1,
        null,
        1_764_000_000,
        LOADED_AT,
      ])
    const department = (
      id: string,
      name: string,
      parentId: string | null,
      order: number,
      kind: string,
    ) =>
      emit(TABLES.department, [
        id,
        name,
        parentId,
        order,
        kind,
        null,
        1_764_000_000,
        LOADED_AT,
      ])

    department('1', '安心宠物医疗集团', null, 1, 'root')
    department('2', '总部', '1', 1, 'head_office')
    for (let i = 0; i < 3; i++) {
      staff(person(), 'head_office_ops', '总部运营', '2')
    }
    let nextId = 3
    let hospitalIndex = 0
    REGIONS.forEach((region, r) => {
      const regionDepartment = String(nextId++)
      department(regionDepartment, region.name, '1', r + 2, 'region')
      emit(TABLES.region, [
        `R${regionDepartment}`,
        region.name,
        regionDepartment,
        LOADED_AT,
      ])
      staff(person(), 'region_admin', '大区运营经理', regionDepartment)
      region.stores.forEach((name, s) => {
        const departmentId = String(nextId++)
        department(departmentId, name, regionDepartment, s + 1, 'store')
        const hospital: Hospital = {
          id: `H${departmentId}`,
          departmentId,
          name,
          weight: HOSPITAL_WEIGHTS[hospitalIndex++] ?? 1,
          butlers: [],
          doctors: [],
        }
        emit(TABLES.hospital, [
          hospital.id,
          name,
          `R${regionDepartment}`,
          departmentId,
          `0${random.int(20, 29)}-${random.int(5000_0000, 6999_9999)}`,
          `${name.slice(0, 2)}市${random.pick(['中山路', '人民路', '解放路', '建设路'])}${random.int(1, 999)}号`,
          LOADED_AT,
        ])
        // Three to five butlers and four to six doctors a hospital, and
        // the desk and nurses every hospital has.
        for (let n = 3 + (hospitalIndex % 3); n > 0; n--) {
          const who = person()
          hospital.butlers.push(who)
          staff(who, 'butler', '爱宠管家', departmentId)
        }
        for (let n = 4 + ((hospitalIndex + 1) % 3); n > 0; n--) {
          const who = person()
          hospital.doctors.push(who)
          staff(who, 'doctor', '执业兽医师', departmentId)
        }
        for (let n = 2; n > 0; n--) {
          staff(person(), 'front_desk', '前台', departmentId)
        }
        for (let n = 3; n > 0; n--) {
          staff(person(), 'nurse', '护士', departmentId)
        }
        this.hospitals.push(hospital)
      })
    })
  }

  /** True once every customer has been emitted. */
  get customersDone(): boolean {
    return this.nextCustomer >= this.customers
  }

  get visitsDone(): boolean {
    return this.nextVisit >= this.options.visits
  }

  /**
   * The next `count` hospital customers with their pets and everything per
   * pet, and their WeCom customer, follows, binding and notes.
   */
  nextCustomers(count: number, emit: Emit): void {
    const random = this.customerRandom
    const { pets } = this.options
    const secondPets = pets - this.customers
    const totalWeight = this.hospitals.reduce((sum, h) => sum + h.weight, 0)
    const end = Math.min(this.customers, this.nextCustomer + count)
    for (let c = this.nextCustomer; c < end; c++) {
      // Spread the second pets evenly, so the total is exactly `pets`.
      const petCount =
        1 +
        Math.floor(((c + 1) * secondPets) / this.customers) -
        Math.floor((c * secondPets) / this.customers)
      let pick = random.next() * totalWeight
      let h = 0
      while (
        h < this.hospitals.length - 1 &&
        pick >= this.hospitals[h]!.weight
      ) {
        pick -= this.hospitals[h]!.weight
        h++
      }
      const hospital = this.hospitals[h]!
      this.customerHospital[c] = h
      const customerId = `C${1_000_000 + c}`
      const [surname] = random.pick(SURNAMES)
      const name = `${surname}${random.pick(GIVEN)[0]}${random.chance(0.6) ? random.pick(GIVEN)[0] : ''}`
      const firstSeen = ANCHOR - random.int(30, 365 * 6) * DAY
      emit(TABLES.hospitalCustomer, [
        customerId,
        name,
        `1${random.pick(['38', '39', '58', '86', '35', '77'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
        hospital.id,
        random.chance(0.08) ? random.pick(CUSTOMER_NOTES) : null,
        random.hex64(),
        datetime(firstSeen),
        LOADED_AT,
      ])

      const petNames: string[] = []
      for (let p = 0; p < petCount && this.nextPet < pets; p++) {
        petNames.push(this.pet(customerId, c, hospital, emit))
      }

      // Most customers are on WeCom with a butler of their hospital.
      if (!random.chance(0.92)) {
        continue
      }
      const externalUserId = `wm${random.urlSafe(30)}`
      const since = Math.floor(firstSeen / 1000) + random.int(0, 86_400 * 30)
      emit(TABLES.customer, [
        externalUserId,
        random.chance(0.5)
          ? `${petNames[0]}${random.pick(['妈妈', '爸爸', '家长'])}`
          : name,
        `http://wx.qlogo.cn/mmhead/${random.hex64()}/0`,
        1,
        random.int(0, 2),
        `o${random.urlSafe(27)}`,
        null,
        since,
        LOADED_AT,
      ])
      const butler = random.pick(hospital.butlers)
      const tags = [random.pick(TAGS), random.pick(TAGS)]
      // Some customers delete their butler; their chats are not opened.
      const ended = random.chance(0.02)
      emit(TABLES.follow, [
        butler.userId,
        externalUserId,
        `${name}-${petNames.join('/')}`,
        null,
        JSON.stringify(
          [...new Set(tags)].map(([group, tag]) => ({
            group_name: group,
            tag_name: tag,
            type: 1,
          })),
        ),
        random.pick([1, 1, 1, 3, 201]),
        random.chance(0.6) ? `store-${hospital.id}` : null,
        null,
        since,
        ended ? since + random.int(86_400, 86_400 * 300) : null,
        ended ? 'customer' : null,
        null,
        'sent',
        null,
        LOADED_AT,
      ])
      if (random.chance(0.12)) {
        const doctor = random.pick(hospital.doctors)
        emit(TABLES.follow, [
          doctor.userId,
          externalUserId,
          name,
          null,
          '[]',
          1,
          null,
          null,
          since + random.int(0, 86_400 * 100),
          null,
          null,
          null,
          'skipped',
          null,
          LOADED_AT,
        ])
      }
      // Most are bound to their record; a few were bound wrong first.
      if (random.chance(0.95)) {
        const boundAt = (since + random.int(60, 86_400 * 7)) * 1000
        if (random.chance(0.03)) {
          emit(TABLES.binding, [
            this.nextBinding++,
            `C${1_000_000 + random.int(0, this.customers - 1)}`,
            externalUserId,
            'phone',
            butler.userId,
            datetime(boundAt - DAY),
            datetime(boundAt - 60_000),
            butler.userId,
          ])
        }
        emit(TABLES.binding, [
          this.nextBinding++,
          customerId,
          externalUserId,
          random.chance(0.7) ? 'customer_id' : 'phone',
          butler.userId,
          datetime(boundAt),
          null,
          null,
        ])
      }
      if (random.chance(0.08)) {
        for (let n = random.int(1, 3); n > 0; n--) {
          const created = ANCHOR - random.int(1, 400) * DAY
          const done = random.chance(0.5)
          emit(TABLES.note, [
            `00000000-0000-4000-8000-${String(this.nextNote++).padStart(12, '0')}`,
            customerId,
            externalUserId,
            null,
            null,
            butler.userId,
            random.pick(NOTE_TEXTS),
            random.chance(0.3) ? dayBefore((ANCHOR - created) / DAY - 7) : null,
            done ? datetime(created + 3 * DAY) : null,
            done ? butler.userId : null,
            datetime(created),
          ])
        }
      }
    }
    this.nextCustomer = end
  }

  /** A pet with its vaccinations, deworming, weights, alerts, flags. */
  private pet(
    customerId: string,
    customerIndex: number,
    hospital: Hospital,
    emit: Emit,
  ): string {
    const random = this.customerRandom
    const index = this.nextPet++
    this.petCustomer[index] = customerIndex
    const petId = `P${1_000_000 + index}`
    const roll = random.next()
    const species = roll < 0.55 ? 'dog' : roll < 0.97 ? 'cat' : 'other'
    const name = random.pick(PET_NAMES)
    const ageDays = random.int(90, 365 * 15)
    const statusRoll = random.next()
    emit(TABLES.pet, [
      petId,
      customerId,
      name,
      species,
      random.pick(
        species === 'dog'
          ? DOG_BREEDS
          : species === 'cat'
            ? CAT_BREEDS
            : OTHER_BREEDS,
      ),
      random.chance(0.5) ? 'male' : 'female',
      random.chance(0.9) ? (random.chance(0.6) ? 1 : 0) : null,
      dayBefore(ageDays),
      random.pick(COLOURS),
      random.chance(0.3) ? `9001${random.int(10_000_000, 99_999_999)}` : null,
      statusRoll < 0.95
        ? 'active'
        : statusRoll < 0.99
          ? 'deceased'
          : 'transferred',
      random.chance(0.2)
        ? `https://img.anxin-pet.example.com/pets/${petId}.jpg`
        : null,
      random.hex64(),
      LOADED_AT,
    ])

    const doctor = random.pick(hospital.doctors)
    const core =
      species === 'dog'
        ? ['dog-core-dhpp', '犬四联']
        : species === 'cat'
          ? ['cat-core-fvrcp', '猫三联']
          : [null, '兔瘟疫苗']
    const overdue = random.chance(0.25)
    const vaccinations: [string | null, string, number][] = [
      [
        core[0]!,
        core[1]!,
        overdue ? random.int(400, 1400) : random.int(10, 360),
      ],
      [
        species === 'other' ? null : `${species}-core-rabies`,
        '狂犬疫苗',
        overdue ? random.int(400, 700) : random.int(10, 330),
      ],
    ]
    vaccinations.forEach(([vaccineId, vaccineName, daysAgo], n) => {
      emit(TABLES.vaccination, [
        `V${petId}-${n + 1}`,
        petId,
        vaccineId,
        vaccineName,
        random.int(1, 3),
        dayBefore(Math.min(daysAgo, ageDays - 60)),
        `B${random.int(2_020_000, 2_026_999)}`,
        doctor.name,
        hospital.id,
        random.hex64(),
        LOADED_AT,
      ])
    })
    const kinds = random.pick(['external,internal', 'internal', 'external'])
    emit(TABLES.deworming, [
      `D${petId}`,
      petId,
      random.pick(DEWORMERS),
      kinds,
      dayBefore(random.int(5, 200)),
      hospital.id,
      random.hex64(),
      LOADED_AT,
    ])
    const kg =
      species === 'dog'
        ? random.int(30, 350) / 10
        : species === 'cat'
          ? random.int(25, 75) / 10
          : random.int(2, 15) / 10
    let weighed = random.int(20, 900)
    for (let n = random.int(1, 4); n > 0; n--) {
      emit(TABLES.weight, [
        petId,
        dayBefore(weighed),
        Math.round(kg * 1000 * (0.9 + random.next() * 0.2)),
      ])
      weighed += random.int(30, 200)
    }
    if (random.chance(0.05)) {
      const [kind, text, severity] = random.pick(ALERTS)
      emit(TABLES.alert, [
        `A${petId}`,
        petId,
        kind,
        text,
        severity,
        dayBefore(random.int(100, 1000)),
        random.chance(0.2) ? dayBefore(random.int(1, 90)) : null,
        LOADED_AT,
      ])
    }
    if (random.chance(0.03)) {
      const since = dayBefore(random.int(0, 60))
      const flag = random.pick([
        'post_surgery',
        'chronic',
        'recent_vaccination',
      ])
      emit(TABLES.careFlag, [
        petId,
        flag,
        since,
        flag === 'chronic'
          ? null
          : addDays(since, flag === 'post_surgery' ? 30 : 7),
        flag === 'post_surgery' ? '伤口护理，限制运动' : null,
      ])
    }
    return name
  }

  /** The next `count` visits, oldest first, each for a random pet. */
  nextVisits(count: number, emit: Emit): void {
    if (!this.customersDone) {
      throw new Error('visits need every customer and pet first')
    }
    const random = this.visitRandom
    const { visits, pets } = this.options
    const span = YEARS_OF_VISITS * 365 * DAY
    const start = ANCHOR - span
    const end = Math.min(visits, this.nextVisit + count)
    for (let v = this.nextVisit; v < end; v++) {
      const petIndex = random.int(0, pets - 1)
      const customerIndex = this.petCustomer[petIndex]!
      const own = this.hospitals[this.customerHospital[customerIndex]!]!
      // One visit in ten is at another hospital of the chain.
      const hospital = random.chance(0.9) ? own : random.pick(this.hospitals)
      const doctor = random.pick(hospital.doctors)
      // Opening hours, China time (UTC+8): 09:00 to 21:00.
      const day = Math.floor(start + (v / visits) * span)
      const at =
        day - (day % DAY) - 8 * 3_600_000 + random.int(9 * 60, 21 * 60) * 60_000
      const which = random.pick(CASES)
      const history = [
        `主诉：${which.reason}。`,
        ...some(random, HISTORY, random.int(3, 7)).map((line) => line(random)),
      ]
      const findings = some(random, FINDINGS, random.int(2, 5)).map((line) =>
        line(random),
      )
      const exam = {
        temperatureC: random.int(375, 400) / 10,
        heartRate: random.int(80, 200),
        breathingRate: random.int(16, 40),
        weightKg: random.int(25, 350) / 10,
        findings: findings.join(''),
      }
      const diagnoses = [random.pick(which.diagnoses)]
      if (which.diagnoses.length > 1 && random.chance(0.3)) {
        diagnoses.push(random.pick(which.diagnoses))
      }
      const treatments = which.treatments.filter(() => random.chance(0.7))
      const prescriptions = which.drugs
        .filter(() => random.chance(0.6))
        .map((d) => {
          const [drug, dose, days] = DRUGS[d]!
          return { drug, dose, days }
        })
      const labs: {
        test: string
        value: number
        unit: string
        low: number
        high: number
      }[] = []
      if (random.chance(which.labs * 0.6)) {
        const panels = random.chance(0.5) ? [CBC, CHEMISTRY] : [CBC]
        for (const panel of panels) {
          for (const [test, unit, low, high] of panel) {
            const spread = high - low
            const value = low + spread * (random.next() * 1.4 - 0.2)
            labs.push({
              test,
              value: Math.round(value * 100) / 100,
              unit,
              low,
              high,
            })
          }
        }
      }
      const visitedOn = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10)
      emit(TABLES.visit, [
        `VIS${10_000_000 + v}`,
        `P${1_000_000 + petIndex}`,
        `C${1_000_000 + customerIndex}`,
        hospital.id,
        doctor.name,
        doctor.userId,
        datetime(at),
        which.reason,
        history.join(''),
        JSON.stringify(exam),
        JSON.stringify({ diagnoses: [...new Set(diagnoses)] }),
        JSON.stringify({ treatments, prescriptions }),
        JSON.stringify(labs),
        random.chance(0.2) ? addDays(visitedOn, random.int(3, 14)) : null,
        random.int(80, 2500) * 100,
        random.chance(0.97) ? 1 : 0,
        random.hex64(),
        datetime(at + 3_600_000),
      ])
    }
    this.nextVisit = end
  }
}
