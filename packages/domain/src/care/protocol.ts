/*
 * Sources for DEFAULT_PROTOCOL (figures only, from stored copies of these):
 *
 * [W24] Squires et al., 2024 guidelines for the vaccination of dogs and cats
 *   (WSAVA VGG), J Small Anim Pract 2024, doi:10.1111/jsap.13718; via its
 *   release notes (veterinarypracticenow.com/?p=369, greatpetcare.com/pet-
 *   news/updated-pet-vaccination-guidelines): a puppy/kitten core dose at 26
 *   weeks or older; leptospirosis core for dogs where endemic; FeLV core for
 *   young cats where prevalent. W24's own tables were not in the stored
 *   copies, so series figures come from W16, which W24 revises.
 * [W16] Day et al., WSAVA guidelines, J Small Anim Pract 57:E1-E45 (2016),
 *   tables 1 and 3 (pmc.ncbi.nlm.nih.gov/articles/PMC7166872). Core: start at
 *   6-8 weeks, every 2-4 weeks until 16 weeks or older; first vaccinated after
 *   16 weeks: one MLV dose is protective (labels say 2 doses 2-4 weeks apart);
 *   booster at 6 or 12 months of age, then no more often than every 3 years
 *   (FHV-1/FCV yearly for higher-risk cats). Rabies: 1 dose at 12 weeks,
 *   again at 12 weeks if given earlier, booster a year later, then per the
 *   licensed duration or local law.
 * [W10] WSAVA 2010 feline table (PMC7166980): kittens start at 8-9 weeks;
 *   adults get 2 doses 3-4 weeks apart.
 * [W17] WSAVA 2017 congress proceedings (wsava2017.net pages 308-309): the
 *   26-week dose replaces the 12-month booster; leptospirosis is 2 doses with
 *   the puppy core doses (e.g. 8 and 12 weeks); non-core boosters are yearly.
 * [CN] 中华人民共和国动物防疫法 (2021 revision) art. 30: dogs are vaccinated
 *   against rabies periodically, as local rules set. Beijing (as reported at
 *   chongwu48.com/250201/3949231.html): from 3 months of age, once a year.
 * [ESCCAP] Worm control guideline (2021) as cited by Vet Times ("Taking
 *   control of worms"): puppies every 2 weeks until 12 weeks, monthly until
 *   6 months, then every 3 months; kittens from 3 weeks.
 * [ICC] International Cat Care (catcare4life.org/advice/worms-and-parasites-
 *   kittens): kittens every 2 weeks from 3 to 9 weeks, every 4 weeks to 24.
 * [CAPC] capcvet.org, "The case for year-round flea and tick control": year-
 *   round prevention. Labels: spot-ons last about 30 days (valleyvet.com tick
 *   control page); selamectin from 6 weeks in dogs, 8 weeks in cats.
 *
 * Where sources disagree we chose:
 * - Kitten start 8 weeks (W10) over 6 (W16); puppies 6 (W16).
 * - Core booster at 26 weeks of age (W17, W24) rather than at 12 months (W16),
 *   since it closes the gap for pups whose maternal antibody blocked the 16-
 *   week dose. Rabies keeps a booster 12 months after its primary dose (W16).
 * - Adult dogs: 1 core dose (W16) over the labels' 2. Adult cats: 2 doses 3
 *   weeks apart, inside both W10 (3-4) and W16 (2-4).
 * - Core revaccination every 36 months (W16) although many Chinese hospitals
 *   revaccinate yearly by label; regions can override.
 * - Rabies every 12 months for dogs and cats (CN; cats by local practice).
 * - Kittens wormed fortnightly until 9 weeks (ICC; ESCCAP as cited gives
 *   only the start at 3 weeks), puppies until 12 (ESCCAP); adults 3-monthly.
 */

/** The species the care rules cover. */
export type Species = 'dog' | 'cat'

/** Every species, in display order. */
export const SPECIES: readonly Species[] = ['dog', 'cat']

/** A display name in Chinese and in English. */
export interface CareName {
  zh: string
  en: string
}

/** The puppy or kitten series of doses. */
export interface PrimarySeries {
  /** Earliest age for the first dose. */
  firstDoseAgeWeeks: number
  /** Usual spacing between doses. */
  intervalWeeks: number
  /** Shortest spacing, when the next dose is brought forward to end it. */
  minIntervalWeeks: number
  /** Doses needed before the series can end. */
  minDoses: number
  /** The dose that ends the series must be given at this age or older. */
  lastDoseMinAgeWeeks: number
}

/** The course for a pet whose first dose comes at or after `fromAgeWeeks`. */
export interface AdultStart {
  fromAgeWeeks: number
  doses: number
  intervalWeeks: number
}

/**
 * The single booster after the first course: at an age (WSAVA's 26-week core
 * dose), or a number of months after the course (rabies at 12 months).
 */
export type BoosterRule =
  | { kind: 'at_age'; ageWeeks: number }
  | { kind: 'after_primary'; months: number }

/** How one vaccine is scheduled for one species. */
export interface VaccineSchedule {
  /** Stable id, species first: `dog-core-dhpp`. */
  id: string
  name: CareName
  core: boolean
  /** Disabled schedules are left out of every status list. */
  enabled: boolean
  primary: PrimarySeries
  adultStart: AdultStart
  booster: BoosterRule
  /** Months from one dose to the next once the booster is done. */
  revaccinationMonths: number
}

/** Internal parasites (worms) or external ones (fleas, ticks, mites). */
export type DewormingKind = 'internal' | 'external'

/** A young-animal interval that holds until an age. */
export interface DewormingPhase {
  untilAgeWeeks: number
  intervalWeeks: number
}

/** How one kind of parasite control is scheduled for one species. */
export interface DewormingSchedule {
  id: string
  kind: DewormingKind
  name: CareName
  enabled: boolean
  /** Earliest age for the first treatment. */
  firstAgeWeeks: number
  /** Young-animal intervals, by rising `untilAgeWeeks`. */
  youngPhases: readonly DewormingPhase[]
  /** The interval once the last young phase is over. */
  adultIntervalMonths: number
}

/** One species' vaccines and parasite control. */
export interface SpeciesProtocol {
  vaccines: readonly VaccineSchedule[]
  deworming: readonly DewormingSchedule[]
}

/** The full table a region works from; ids are unique across species. */
export interface CareProtocol {
  name: string
  species: Record<Species, SpeciesProtocol>
}

const CORE_SERIES = { intervalWeeks: 4, minIntervalWeeks: 2, minDoses: 1 }

const RABIES: Omit<VaccineSchedule, 'id'> = {
  name: { zh: '狂犬病疫苗', en: 'Rabies' },
  core: true,
  enabled: true,
  primary: { ...CORE_SERIES, firstDoseAgeWeeks: 12, lastDoseMinAgeWeeks: 12 },
  adultStart: { fromAgeWeeks: 16, doses: 1, intervalWeeks: 4 },
  booster: { kind: 'after_primary', months: 12 },
  revaccinationMonths: 12,
}

// Non-core vaccines: two doses a series apart from 8 weeks, then yearly (W17).
const NON_CORE = {
  core: false,
  primary: {
    intervalWeeks: 4,
    minIntervalWeeks: 2,
    minDoses: 2,
    firstDoseAgeWeeks: 8,
    lastDoseMinAgeWeeks: 0,
  },
  adultStart: { fromAgeWeeks: 16, doses: 2, intervalWeeks: 4 },
  booster: { kind: 'after_primary', months: 12 },
  revaccinationMonths: 12,
} as const

// Every 3 months once grown (ESCCAP); young phases differ by species.
const INTERNAL = {
  kind: 'internal',
  name: { zh: '体内驱虫', en: 'Internal parasites' },
  enabled: true,
  adultIntervalMonths: 3,
} as const

// Monthly from 8 weeks, the later of the selamectin label ages (CAPC).
const EXTERNAL = {
  kind: 'external',
  name: { zh: '体外驱虫', en: 'External parasites' },
  enabled: true,
  firstAgeWeeks: 8,
  youngPhases: [],
  adultIntervalMonths: 1,
} as const

/** WSAVA-based vaccines and deworming with mainland-China rabies rules. */
export const DEFAULT_PROTOCOL: CareProtocol = {
  name: 'WSAVA 2024 + CN',
  species: {
    dog: {
      vaccines: [
        {
          id: 'dog-core-dhpp',
          name: {
            zh: '犬核心联苗（犬瘟热、腺病毒、细小病毒）',
            en: 'Canine core (DHPP: CDV, CAV-2, CPV-2)',
          },
          core: true,
          enabled: true,
          primary: {
            ...CORE_SERIES,
            firstDoseAgeWeeks: 6,
            lastDoseMinAgeWeeks: 16,
          },
          adultStart: { fromAgeWeeks: 16, doses: 1, intervalWeeks: 4 },
          booster: { kind: 'at_age', ageWeeks: 26 },
          revaccinationMonths: 36,
        },
        { id: 'dog-core-rabies', ...RABIES },
        {
          id: 'dog-noncore-lepto',
          name: { zh: '钩端螺旋体疫苗', en: 'Leptospirosis' },
          enabled: true,
          ...NON_CORE,
        },
      ],
      deworming: [
        {
          id: 'dog-internal',
          ...INTERNAL,
          firstAgeWeeks: 2,
          youngPhases: [
            { untilAgeWeeks: 12, intervalWeeks: 2 },
            { untilAgeWeeks: 26, intervalWeeks: 4 },
          ],
        },
        { id: 'dog-external', ...EXTERNAL },
      ],
    },
    cat: {
      vaccines: [
        {
          id: 'cat-core-fvrcp',
          name: {
            zh: '猫三联（猫瘟、鼻气管炎、杯状病毒）',
            en: 'Feline core (FVRCP: FPV, FHV-1, FCV)',
          },
          core: true,
          enabled: true,
          primary: {
            ...CORE_SERIES,
            firstDoseAgeWeeks: 8,
            lastDoseMinAgeWeeks: 16,
          },
          adultStart: { fromAgeWeeks: 16, doses: 2, intervalWeeks: 3 },
          booster: { kind: 'at_age', ageWeeks: 26 },
          revaccinationMonths: 36,
        },
        { id: 'cat-core-rabies', ...RABIES },
        {
          // Off by default: whether a licensed FeLV vaccine is stocked is a
          // per-region choice (W24 makes it core only where FeLV is common).
          id: 'cat-noncore-felv',
          name: { zh: '猫白血病疫苗', en: 'Feline leukaemia (FeLV)' },
          enabled: false,
          ...NON_CORE,
        },
      ],
      deworming: [
        {
          id: 'cat-internal',
          ...INTERNAL,
          firstAgeWeeks: 3,
          youngPhases: [
            { untilAgeWeeks: 9, intervalWeeks: 2 },
            { untilAgeWeeks: 26, intervalWeeks: 4 },
          ],
        },
        { id: 'cat-external', ...EXTERNAL },
      ],
    },
  },
}
