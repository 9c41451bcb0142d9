import type { SidebarPet } from '@petcare/shared'
import { ageParts } from '../../shared/dates'
import { messages } from '../../shared/i18n'

const t = messages.pet

/** "2岁3个月", "5个月", "12天"; "年龄未知" without a usable birth date. */
export function ageText(birthDate: string | null, today: string): string {
  const age = birthDate ? ageParts(birthDate, today) : null
  return age ? t.age(age.years, age.months, age.days) : t.ageUnknown
}

/** "公 · 已绝育", "母", "性别未知 · 未绝育". */
export function sexText(pet: Pick<SidebarPet, 'sex' | 'neutered'>): string {
  const parts = [t.sex[pet.sex] ?? pet.sex]
  if (pet.neutered !== null) {
    parts.push(pet.neutered ? t.neutered : t.notNeutered)
  }
  return parts.join(' · ')
}

/** "猫 · 英国短毛猫". */
export function breedText(pet: Pick<SidebarPet, 'species' | 'breed'>): string {
  return [t.species[pet.species], pet.breed].filter(Boolean).join(' · ')
}
