import { isDatabaseUnavailable, isUniqueViolation } from '../src/db/db-errors'
import { fillTemplate } from '../src/modules/sidebar/quick-replies'
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
