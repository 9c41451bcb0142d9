import { randomUUID } from 'node:crypto'
import { IsNull, type DataSource } from 'typeorm'
import { RegionEntity } from '../record/hospital.entity'
import { QuickReplyEntity, type QuickReplyRecord } from './care-tools.entity'

type Seed = Pick<QuickReplyRecord, 'category' | 'title' | 'content'> &
  Partial<Pick<QuickReplyRecord, 'kind' | 'linkJson' | 'imageUrl'>> & {
    /** What an earlier demo seeded, replaced where nobody has edited it. */
    was?: Partial<Pick<QuickReplyRecord, 'content' | 'linkJson'>>
  }

const HEAD_OFFICE: Seed[] = [
  {
    category: '疫苗',
    title: '接种后注意事项',
    content:
      '{{customerName}}您好，{{petName}}今天完成了疫苗接种。接种后 1–2 天可能出现轻微发热、精神稍差或食欲下降，属于正常反应；请 7 天内不要洗澡，避免剧烈运动。如果发热超过 48 小时、出现呕吐或面部肿胀，请马上联系我们。',
  },
  {
    category: '疫苗',
    title: '疫苗到期提醒',
    // Which vaccine and where it stands, from the pet file's own line.
    content:
      '{{customerName}}您好，{{petName}}的{{vaccineName}}{{vaccineDue}}，按时接种才能保持保护力。需要帮您预约{{hospital}}的接种时间吗？',
    was: {
      content:
        '{{customerName}}您好，{{petName}}的疫苗将在 {{dueDate}} 到期，按时加强免疫才能保持保护力。需要帮您预约{{hospital}}的接种时间吗？',
    },
  },
  {
    category: '疫苗',
    title: '疫苗接种时间表',
    kind: 'image',
    content: '幼犬幼猫从 8 周龄开始的接种安排，可以保存下来对照。',
    // A file of the sidebar's own (apps/sidebar/public), read from disk
    // when it is uploaded to WeCom.
    imageUrl: '/sidebar/quick-replies/vaccine-schedule.png',
  },
  {
    category: '驱虫',
    title: '驱虫提醒',
    // {{dewormingDue}} says "已逾期 81 天（…）" or "将在 … 到期" as it is.
    content:
      '{{customerName}}您好，{{petName}}的驱虫{{dewormingDue}}。体内外驱虫可以一起做，到店大约 10 分钟，欢迎来{{hospital}}。',
    was: {
      content:
        '{{customerName}}您好，{{petName}}的驱虫时间快到了（{{dueDate}}）。体内外驱虫可以一起做，到店大约 10 分钟，欢迎来{{hospital}}。',
    },
  },
  {
    category: '术后护理',
    title: '术后居家护理',
    content:
      '{{petName}}术后回家请注意：伊丽莎白圈需一直佩戴，防止舔咬伤口；伤口保持干燥，每天看一次有无红肿渗液；按时喂药，7–10 天后回院拆线。有任何异常请随时发消息给我。',
  },
  {
    category: '复诊提醒',
    title: '复诊提醒',
    content:
      '{{customerName}}您好，{{petName}}的复诊时间到了，医生想看看恢复情况。请问您哪天方便来{{hospital}}？',
  },
  {
    category: '日常问候',
    title: '新客欢迎',
    content:
      '您好，我是{{hospital}}的爱宠管家{{memberName}}，{{petName}}以后的疫苗、驱虫和就诊提醒都由我来跟进，有任何问题随时找我 🐾',
  },
  {
    category: '活动',
    title: '免费体检邀请',
    kind: 'link',
    content: '送您一次免费基础体检，名额有限，先到先约。',
    linkJson: JSON.stringify({
      url: 'https://example.com/checkup',
      title: '{{petName}}的免费体检券',
      desc: '基础体检 + 体重管理建议，{{hospital}}可用',
      // The demo's own picture, a PNG (WeCom may not draw an SVG), sent
      // made absolute against PUBLIC_URL or the page's origin.
      imgUrl: '/sidebar/quick-replies/checkup.png',
    }),
    was: {
      linkJson: JSON.stringify({
        url: 'https://example.com/checkup',
        title: '{{petName}}的免费体检券',
        desc: '基础体检 + 体重管理建议，{{hospital}}可用',
        imgUrl: '/sidebar/quick-replies/checkup.svg',
      }),
    },
  },
]

const REGIONAL: Seed[] = [
  {
    category: '疫苗',
    title: '狂犬疫苗年检（本地规定）',
    content:
      '{{customerName}}您好，按本地规定，猫狗的狂犬疫苗都需每年接种（养犬还需登记年检）。{{petName}}的狂犬疫苗{{rabiesDue}}，可以直接在{{hospital}}办理。',
    was: {
      content:
        '{{customerName}}您好，按本地犬只管理规定，狂犬疫苗需每年接种并登记。{{petName}}的下次接种日期是 {{dueDate}}，可以直接在{{hospital}}办理。',
    },
  },
]

/**
 * Fills an empty quick-reply library with the demo group's: head office's
 * for everyone, and one regional reply per region. A library seeded by an
 * earlier demo gets today's text in the replies nobody has edited.
 */
export async function seedDemoQuickReplies(
  dataSource: DataSource,
): Promise<number> {
  const repo = dataSource.getRepository(QuickReplyEntity)
  if ((await repo.count()) > 0) {
    await updateSeeded(dataSource)
    return 0
  }
  const regions = await dataSource.getRepository(RegionEntity).find()
  const now = new Date()
  const row = (
    seed: Seed,
    order: number,
    scope: QuickReplyRecord['scope'],
    regionId: string | null,
  ): QuickReplyRecord => ({
    id: randomUUID(),
    scope,
    regionId,
    ownerUserId: null,
    kind: 'text',
    linkJson: null,
    imageUrl: null,
    mediaId: null,
    mediaExpiresAt: null,
    category: seed.category,
    title: seed.title,
    content: seed.content,
    ...(seed.kind && { kind: seed.kind }),
    ...(seed.linkJson && { linkJson: seed.linkJson }),
    ...(seed.imageUrl && { imageUrl: seed.imageUrl }),
    sortOrder: order,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  })
  const rows = [
    ...HEAD_OFFICE.map((seed, i) => row(seed, i, 'head_office', null)),
    ...regions.flatMap((region) =>
      REGIONAL.map((seed, i) => row(seed, i, 'region', region.id)),
    ),
  ]
  await repo.insert(rows)
  return rows.length
}

async function updateSeeded(dataSource: DataSource): Promise<void> {
  const repo = dataSource.getRepository(QuickReplyEntity)
  for (const seed of [...HEAD_OFFICE, ...REGIONAL]) {
    if (seed.was?.content) {
      await repo.update(
        { title: seed.title, content: seed.was.content, createdBy: IsNull() },
        { content: seed.content },
      )
    }
    if (seed.was?.linkJson && seed.linkJson) {
      await repo.update(
        { title: seed.title, linkJson: seed.was.linkJson, createdBy: IsNull() },
        { linkJson: seed.linkJson },
      )
    }
  }
}
