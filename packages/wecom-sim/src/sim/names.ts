/**
 * The word lists the seed draws from: regions and their hospitals, staff
 * names with their pinyin, customers' WeChat nicknames, pets and complaints.
 */

export const CORP_NAME = '安心宠物医疗集团'

/**
 * 2025-01-01 00:00 UTC: times are first drawn in the two years before it,
 * then moved before the seed's `today` (see `seed-history.ts`).
 */
export const SEED_EPOCH = 1_735_689_600

/** Each region with the hospitals it may have, in the order they opened. */
export const REGIONS: readonly { name: string; stores: readonly string[] }[] = [
  {
    name: '华东大区',
    stores: [
      '上海徐汇店',
      '上海静安店',
      '杭州西湖店',
      '南京鼓楼店',
      '苏州园区店',
    ],
  },
  {
    name: '华南大区',
    stores: ['广州天河店', '深圳南山店', '深圳福田店', '厦门思明店'],
  },
  {
    name: '华北大区',
    stores: ['北京朝阳店', '北京海淀店', '天津和平店', '青岛市南店'],
  },
  {
    name: '西南大区',
    stores: ['成都锦江店', '成都高新店', '重庆渝中店', '昆明五华店'],
  },
]

/** Surnames: the Chinese character and its pinyin. */
export const SURNAMES: readonly [string, string][] = [
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
  ['林', 'Lin'],
  ['高', 'Gao'],
]

/** Given names: the characters and their pinyin. */
export const GIVEN_NAMES: readonly [string, string][] = [
  ['伟', 'Wei'],
  ['娜', 'Na'],
  ['芳', 'Fang'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['磊', 'Lei'],
  ['洋', 'Yang'],
  ['艳', 'Yan'],
  ['勇', 'Yong'],
  ['杰', 'Jie'],
  ['婷', 'Ting'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['秀英', 'XiuYing'],
  ['丽', 'Li'],
  ['强', 'Qiang'],
  ['雪', 'Xue'],
  ['慧', 'Hui'],
  ['晨', 'Chen'],
]

/** Pets' names, Chinese and English. */
export const PET_NAMES = [
  '豆豆',
  'Moco',
  '咪咪',
  '旺财',
  '球球',
  '可乐',
  '布丁',
  '奶茶',
  '年糕',
  '汤圆',
  '花卷',
  'Lucky',
  'Coco',
  '多多',
  '毛毛',
  '团子',
  '大黄',
  '小白',
  '芝麻',
  '橘子',
  'Luna',
  'Max',
  '雪球',
  '馒头',
  '七七',
  '皮皮',
] as const

/** Why a pet comes in: the third part of a group name. */
export const COMPLAINTS = [
  '发烧',
  '皮肤病',
  '复查',
  '驱虫',
  '呕吐',
  '腹泻',
  '疫苗',
  '绝育',
  '牙结石',
  '骨折',
  '耳螨',
  '体检',
  '咳嗽',
  '术后护理',
  '过敏',
] as const

/** Emoji people put in WeChat nicknames. */
export const EMOJIS = ['🐶', '🐱', '🐾', '🌸', '🍀', '✨', '🐰', '🦜', '🐹']

/** Nickname shapes; `{pet}` is the pet's name, `{e}` an emoji. */
export const NICKNAME_SHAPES = [
  '{pet}妈',
  '{pet}妈{e}',
  '{pet}爸',
  '{pet}的铲屎官',
  '{e}{pet}家',
  '{pet}麻麻',
  '小鱼儿',
  '阿花',
  'Sunny',
  '静静',
  '木子李',
  '晴天{e}',
  'Amy.W',
  '橙子',
  '一只猫',
  '{pet}🐾{pet}',
  '{e}{pet}',
  '{pet}家的{e}',
  '{pet}主人',
  '爱{pet}的小王',
  '快乐每一天',
  'Cherry樱桃',
] as const

/** What a butler writes in a follow's `description`. */
export const DESCRIPTIONS = [
  '布偶猫，3岁，怕生',
  '柯基，已绝育，对鸡肉过敏',
  '英短蓝猫，按时驱虫',
  '金毛，髋关节需复查',
  '仓鼠两只，偶尔来洗护',
  '泰迪，牙结石较重',
  '橘猫，体重偏胖，控制饮食',
  '',
] as const

/** The separators people type between customer number, pet and complaint. */
export const GROUP_SEPARATORS = [
  '-',
  ' ',
  '_',
  '+',
  '－',
  '—',
  '/',
  '·',
] as const

/** One paragraph of a long group notice; repeated to pass 1,000 characters. */
export const NOTICE_PARAGRAPH =
  '【安心宠物温馨提示】本群为您和宠物的专属服务群，爱宠管家、医生、护士和前台' +
  '都在群里。复诊请提前一天预约；术后请按时喂药并佩戴伊丽莎白圈，伤口不要沾水；' +
  '如出现精神萎靡、持续呕吐或拒食，请立即联系我们或前往最近的门店急诊。'
