/** A group name that follows the rule `customer ID + pet name + complaint`. */
export interface GroupNameParts {
  /** The hospital's customer ID, upper-cased, e.g. `C10023`. */
  customerId: string
  petName: string
  complaint: string
}

export type GroupNameCheck =
  ({ ok: true } & GroupNameParts) | { ok: false; reason: GroupNameProblem }

export type GroupNameProblem =
  'EMPTY' | 'NO_CUSTOMER_ID' | 'MISSING_PET_NAME' | 'MISSING_COMPLAINT'

/**
 * What people type between the parts: hyphens and dashes, spaces, underscores,
 * plus signs, slashes and bars, dots and commas, half- and full-width.
 */
const SEPARATORS = /[\s\-_+－＿＋—–‐·・、，,/／|｜\\]+/u

/** A customer ID as hospitals print it: up to 3 letters, then 3+ digits. */
const CUSTOMER_ID = /^([A-Za-z]{0,3})(\d{3,})$/

/**
 * Checks a customer group's name against the one-customer-one-group rule
 * (一客一群): `customer ID + pet name + complaint`, e.g. `C10023-Moco-发烧`.
 * Everything after the pet name is the complaint, so `C10045 豆豆 皮肤 复查`
 * has the complaint `皮肤 复查`.
 */
export function parseGroupName(name: string): GroupNameCheck {
  const text = toHalfWidth(name).trim()
  if (text === '') {
    return { ok: false, reason: 'EMPTY' }
  }
  const parts = text.split(SEPARATORS).filter((part) => part !== '')
  const id = CUSTOMER_ID.exec(parts[0] ?? '')
  if (!id) {
    return { ok: false, reason: 'NO_CUSTOMER_ID' }
  }
  if (parts.length < 2) {
    return { ok: false, reason: 'MISSING_PET_NAME' }
  }
  if (parts.length < 3) {
    return { ok: false, reason: 'MISSING_COMPLAINT' }
  }
  return {
    ok: true,
    customerId: `${id[1]!.toUpperCase()}${id[2]}`,
    petName: parts[1]!,
    complaint: parts.slice(2).join(' '),
  }
}

/** Full-width letters and digits (Ｃ１００２３) as their ASCII forms. */
function toHalfWidth(text: string): string {
  return text.replace(/[Ａ-Ｚａ-ｚ０-９]/g, (char) =>
    String.fromCharCode(char.charCodeAt(0) - 0xfee0),
  )
}
