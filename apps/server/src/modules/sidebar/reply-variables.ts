import { diffDays } from '@petcare/domain'
import type { CareLine, CareStatusName, SidebarPet } from '@petcare/shared'

/**
 * The values a chat fills a quick reply's `{{variables}}` with. The care
 * ones come from the pet's care lines, the very ones its file shows, so a
 * reply never names a date the file does not.
 */
export interface ReplyContext {
  customerName?: string
  petName?: string
  hospital?: string
  memberName?: string
  /** The date of the pet's most urgent vaccine or deworming, if one is due. */
  dueDate?: string
  /** The vaccine most in need, e.g. 猫三联, and where it stands. */
  vaccineName?: string
  vaccineDue?: string
  vaccineDueDate?: string
  /** Rabies, which local rules ask for yearly. */
  rabiesDue?: string
  rabiesDueDate?: string
  /** The parasite control most in need. */
  dewormingDue?: string
  dewormingDueDate?: string
}

/** Every variable a quick reply may use, as the sidebar fills them. */
export const REPLY_VARIABLES = [
  'customerName',
  'petName',
  'hospital',
  'memberName',
  'dueDate',
  'vaccineName',
  'vaccineDue',
  'vaccineDueDate',
  'rabiesDue',
  'rabiesDueDate',
  'dewormingDue',
  'dewormingDueDate',
] as const satisfies readonly (keyof ReplyContext)[]

// Most in need first. A non-core vaccine never started is optional, so it
// is nobody's reminder.
const URGENCY: Partial<Record<CareStatusName, number>> = {
  overdue: 0,
  due: 1,
  due_soon: 2,
  up_to_date: 3,
  not_applicable: 4,
}
const ACTIONABLE = URGENCY.due_soon!

function mostUrgent(lines: readonly CareLine[]): CareLine | undefined {
  return lines
    .filter((line) => URGENCY[line.status] !== undefined)
    .sort(
      (a, b) =>
        URGENCY[a.status]! - URGENCY[b.status]! ||
        a.nextDueOn.localeCompare(b.nextDueOn),
    )[0]
}

/**
 * Where a care line stands, in words that read right after "小白的驱虫":
 * 已逾期 81 天（应在 2026-09-15）, 今天到期, 将在 2026-12-10 到期, 下次在
 * 2027-03-01. Never "soon" for something already late.
 */
export function duePhrase(line: CareLine, today: string): string {
  const late = diffDays(line.nextDueOn, today)
  switch (line.status) {
    case 'overdue':
      return `已逾期 ${line.daysOverdue ?? late} 天（应在 ${line.nextDueOn}）`
    case 'due':
      return late > 0
        ? `已到期 ${late} 天（应在 ${line.nextDueOn}）`
        : late === 0
          ? '今天到期'
          : `将在 ${line.nextDueOn} 到期`
    case 'due_soon':
      return `将在 ${line.nextDueOn} 到期`
    case 'not_applicable':
      return `最早 ${line.nextDueOn} 可以开始`
    default:
      return `下次在 ${line.nextDueOn}`
  }
}

/** 猫三联（猫瘟、鼻气管炎、杯状病毒） → 猫三联: the name a customer knows. */
function shortName(line: CareLine): string {
  return line.name.zh.replace(/\s*[（(].*[）)]\s*$/, '') || line.name.zh
}

/**
 * The care variables of a pet, each from the line of its own kind: the
 * most urgent vaccine, rabies, the most urgent deworming. A kind the pet
 * has no line for stays unfilled, so the reply is held back.
 */
export function careVariables(
  pet: SidebarPet | undefined,
  today: string,
): Partial<ReplyContext> {
  if (!pet) {
    return {}
  }
  const vaccine = mostUrgent(pet.vaccines)
  const rabies = pet.vaccines.find((line) => line.id.endsWith('-rabies'))
  const deworming = mostUrgent(pet.deworming)
  const urgent = mostUrgent([...pet.vaccines, ...pet.deworming])
  return {
    dueDate:
      urgent && URGENCY[urgent.status]! <= ACTIONABLE
        ? urgent.nextDueOn
        : undefined,
    vaccineName: vaccine && shortName(vaccine),
    vaccineDue: vaccine && duePhrase(vaccine, today),
    vaccineDueDate: vaccine?.nextDueOn,
    rabiesDue:
      rabies && rabies.status !== 'not_started'
        ? duePhrase(rabies, today)
        : undefined,
    rabiesDueDate:
      rabies && rabies.status !== 'not_started' ? rabies.nextDueOn : undefined,
    dewormingDue: deworming && duePhrase(deworming, today),
    dewormingDueDate: deworming?.nextDueOn,
  }
}
