/** The roles a pet hospital's staff play in customer care. */
export const STAFF_ROLES = [
  'butler',
  'front_desk',
  'doctor',
  'nurse',
  'region_admin',
  'store_manager',
  'head_office_ops',
] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** Roles every customer group should have among its members. */
export const GROUP_REQUIRED_ROLES: readonly StaffRole[] = [
  'butler',
  'front_desk',
  'doctor',
  'nurse',
]

const ROLE_WORDS: [RegExp, StaffRole][] = [
  // Before the others: a 大区运营经理 runs a region, not a desk.
  [/大区|区域经理|region(al)?\s*(manager|admin)/i, 'region_admin'],
  [/店长|院长|门店经理|store\s*manager/i, 'store_manager'],
  [/管家|butler/i, 'butler'],
  [/前台|front\s*desk|reception/i, 'front_desk'],
  [/护士|nurse/i, 'nurse'],
  [/医生|医师|兽医|doctor|vet/i, 'doctor'],
  [/总部|运营|head\s*office|operations/i, 'head_office_ops'],
]

/**
 * The role a WeCom member's position (职务) names, e.g. 爱宠管家 → butler,
 * 执业兽医师 → doctor; null when it names none.
 */
export function roleFromPosition(
  position: string | undefined,
): StaffRole | null {
  if (!position) {
    return null
  }
  for (const [pattern, role] of ROLE_WORDS) {
    if (pattern.test(position)) {
      return role
    }
  }
  return null
}

/** The required roles missing from a set of present roles. */
export function missingGroupRoles(
  present: Iterable<StaffRole | null>,
): StaffRole[] {
  const have = new Set(present)
  return GROUP_REQUIRED_ROLES.filter((role) => !have.has(role))
}
