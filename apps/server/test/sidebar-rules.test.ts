import { isDatabaseUnavailable, isUniqueViolation } from '../src/db/db-errors'
import type { CareLine, SidebarPet } from '@petcare/shared'
import { fillTemplate } from '../src/modules/sidebar/quick-replies'
import {
  careVariables,
  duePhrase,
} from '../src/modules/sidebar/reply-variables'
import { maskPhone, maskPhonesIn } from '../src/modules/sidebar/record-view'
import { searchInput } from '../src/modules/sidebar/sidebar.service'

describe('phone masking', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['123', '***'],
    ['0215551234', '021***1234'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })

  it('masks mobile numbers inside a member’s remark, and nothing else', () => {
    expect(maskPhonesIn('张姐 13812345678 周末来')).toBe(
      '张姐 138****5678 周末来',
    )
    expect(maskPhonesIn('+86 138 1234 5678')).toBe('138****5678')
    expect(maskPhonesIn('138-1234-5678/139 8765 4321')).toBe(
      '138****5678/139****4321',
    )
    expect(maskPhonesIn('订单 2026120412345678')).toBe('订单 2026120412345678')
    expect(maskPhonesIn('C10023 小白')).toBe('C10023 小白')
  })
})

describe('what a butler types in the search box', () => {
  it.each([
    ['13812345678', { phone: '13812345678' }],
    ['+86 138 1234 5678', { phone: '13812345678' }],
    ['１３８１２３４５６７８', { phone: '13812345678' }],
    ['c10023', { customerId: 'C10023' }],
    ['Ｃ１００２３', { customerId: 'C10023' }],
    [' C 10023 ', { customerId: 'C10023' }],
  ])('reads %j as %j', (query, expected) => {
    expect(searchInput(query)).toEqual(expected)
  })
})

describe('quick reply templates', () => {
  it('fills own variables only, and lists the rest', () => {
    expect(
      fillTemplate('{{petName}}{{ toString }}{{dueDate}}', { petName: '小白' }),
    ).toEqual({
      text: '小白{{ toString }}{{dueDate}}',
      missing: ['toString', 'dueDate'],
    })
  })

  it('writes values into a URL encoded', () => {
    expect(
      fillTemplate(
        'https://x.example/?pet={{petName}}',
        { petName: '小白 & 咪咪' },
        encodeURIComponent,
      ).text,
    ).toBe(
      'https://x.example/?pet=%E5%B0%8F%E7%99%BD%20%26%20%E5%92%AA%E5%92%AA',
    )
  })
})

describe('careVariables', () => {
  const today = '2026-12-04'
  const line = (id: string, overrides: Partial<CareLine>): CareLine => ({
    id,
    name: { zh: id, en: id },
    core: true,
    status: 'up_to_date',
    lastGivenOn: '2026-06-01',
    nextDueOn: '2027-06-01',
    daysOverdue: null,
    ...overrides,
  })
  const pet = (vaccines: CareLine[], deworming: CareLine[]) =>
    ({ vaccines, deworming }) as unknown as SidebarPet

  it.each([
    [
      { status: 'overdue', nextDueOn: '2026-09-15', daysOverdue: 80 },
      '已逾期 80 天（应在 2026-09-15）',
    ],
    [
      { status: 'due', nextDueOn: '2026-12-01' },
      '已到期 3 天（应在 2026-12-01）',
    ],
    [{ status: 'due', nextDueOn: today }, '今天到期'],
    [{ status: 'due_soon', nextDueOn: '2026-12-10' }, '将在 2026-12-10 到期'],
    [{ status: 'up_to_date', nextDueOn: '2027-03-01' }, '下次在 2027-03-01'],
    [
      { status: 'not_applicable', nextDueOn: '2027-01-20' },
      '最早 2027-01-20 可以开始',
    ],
  ] as const)('reads %p as %s', (overrides, phrase) => {
    expect(duePhrase(line('x', overrides), today)).toBe(phrase)
  })

  it('takes each kind from its own line: the most urgent vaccine, rabies, the most urgent deworming', () => {
    const vars = careVariables(
      pet(
        [
          line('cat-core-fvrcp', {
            name: { zh: '猫三联（猫瘟、鼻气管炎、杯状病毒）', en: 'FVRCP' },
            status: 'overdue',
            nextDueOn: '2026-09-30',
            daysOverdue: 65,
          }),
          line('cat-core-rabies', {
            status: 'due_soon',
            nextDueOn: '2026-12-10',
          }),
          line('cat-noncore-felv', {
            core: false,
            status: 'not_started',
            nextDueOn: '2020-01-01',
          }),
        ],
        [
          line('cat-external', {
            status: 'up_to_date',
            nextDueOn: '2027-01-01',
          }),
          line('cat-internal', {
            status: 'overdue',
            nextDueOn: '2026-09-15',
            daysOverdue: 80,
          }),
        ],
      ),
      today,
    )
    expect(vars).toEqual({
      dueDate: '2026-09-15',
      vaccineName: '猫三联',
      vaccineDue: '已逾期 65 天（应在 2026-09-30）',
      vaccineDueDate: '2026-09-30',
      rabiesDue: '将在 2026-12-10 到期',
      rabiesDueDate: '2026-12-10',
      dewormingDue: '已逾期 80 天（应在 2026-09-15）',
      dewormingDueDate: '2026-09-15',
    })
  })

  it('leaves unfilled what the pet has no line for, and an optional vaccine never started', () => {
    const vars = careVariables(
      pet(
        [line('dog-noncore-lepto', { core: false, status: 'not_started' })],
        [],
      ),
      today,
    )
    expect(Object.values(vars).filter(Boolean)).toEqual([])
    expect(careVariables(undefined, today)).toEqual({})
  })

  it('has no due date when nothing is due soon, but still the next one of each kind', () => {
    const vars = careVariables(pet([line('dog-core-rabies', {})], []), today)
    expect(vars.dueDate).toBeUndefined()
    expect(vars.rabiesDue).toBe('下次在 2027-06-01')
  })
})

describe('database errors', () => {
  it('tells an unreachable or read-only database from a bug', () => {
    const wrapped = (code: string) => ({ driverError: { code } })
    expect(isDatabaseUnavailable(wrapped('ECONNREFUSED'))).toBe(true)
    expect(isDatabaseUnavailable({ code: 'SQLITE_READONLY' })).toBe(true)
    expect(isDatabaseUnavailable({ code: 'SQLITE_IOERR_WRITE' })).toBe(true)
    expect(isDatabaseUnavailable(wrapped('ER_PARSE_ERROR'))).toBe(false)
    expect(isDatabaseUnavailable(new TypeError('x'))).toBe(false)
    expect(isUniqueViolation(wrapped('ER_DUP_ENTRY'))).toBe(true)
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true)
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_NOTNULL' })).toBe(false)
  })
})
