/** A breed as the demo's hospitals see it, with how big it grows. */
export interface Breed {
  name: string
  species: 'dog' | 'cat'
  /** Adult weight in kg: a small female to a big male. */
  adultKg: readonly [number, number]
  /** Months until grown to adult weight. */
  matureMonths: number
}

/**
 * Common breeds in Chinese pet hospitals, with adult weights from breed
 * standards and hospital growth charts, rounded.
 */
export const BREEDS: readonly Breed[] = [
  { name: '柯基', species: 'dog', adultKg: [10, 14], matureMonths: 12 },
  { name: '金毛', species: 'dog', adultKg: [25, 34], matureMonths: 18 },
  { name: '泰迪', species: 'dog', adultKg: [2.5, 5], matureMonths: 10 },
  { name: '柴犬', species: 'dog', adultKg: [7, 11], matureMonths: 12 },
  { name: '比熊', species: 'dog', adultKg: [4, 7], matureMonths: 10 },
  { name: '拉布拉多', species: 'dog', adultKg: [25, 36], matureMonths: 18 },
  { name: '边牧', species: 'dog', adultKg: [14, 20], matureMonths: 15 },
  { name: '英国短毛猫', species: 'cat', adultKg: [4, 7.5], matureMonths: 14 },
  { name: '布偶猫', species: 'cat', adultKg: [4.5, 8], matureMonths: 18 },
  { name: '中华田园猫', species: 'cat', adultKg: [3.5, 5.5], matureMonths: 12 },
  { name: '美国短毛猫', species: 'cat', adultKg: [3.5, 6.5], matureMonths: 12 },
  { name: '暹罗猫', species: 'cat', adultKg: [3, 5], matureMonths: 12 },
]

/** The breeds of one species. */
export function breedsOf(species: 'dog' | 'cat'): Breed[] {
  return BREEDS.filter((breed) => breed.species === species)
}

/**
 * A pet's own adult weight: `share` (0–1) of the way through its breed's
 * range, males in the upper part of it and females in the lower.
 */
export function adultWeight(
  breed: Breed,
  sex: 'male' | 'female',
  share: number,
): number {
  const [low, high] = breed.adultKg
  const from = sex === 'male' ? 0.4 : 0
  return low + (high - low) * (from + share * 0.6)
}

/**
 * What a pet weighs at `ageMonths`, given its adult weight. Puppies and
 * kittens of every size are about a fifth of their adult weight at 8 weeks
 * and 70 % of it halfway to maturity: growth is close to linear until then
 * and levels off as they reach adult size.
 */
export function weightAtAge(
  adultKg: number,
  breed: Breed,
  ageMonths: number,
): number {
  const x = Math.min(1, Math.max(0, ageMonths) / breed.matureMonths)
  const share = x < 0.5 ? 1.4 * x : 1 - 0.3 * (2 * (1 - x)) ** (7 / 3)
  return adultKg * Math.max(0.03, share)
}

/** Kilograms as a scale shows them: 10 g under 2 kg, else 100 g. */
export function roundKg(kg: number): number {
  return kg < 2 ? Math.round(kg * 100) / 100 : Math.round(kg * 10) / 10
}
