/// <reference types="jest" />
import { bindRequestFor } from './bind-request'

describe('bindRequestFor', () => {
  it('binds a record found alone by phone by that phone, whatever its hospital', () => {
    // Regression: a record of another hospital found by phone was bound by
    // its customer ID, which the server refuses outside the member's own.
    expect(bindRequestFor('wm1', 'C10005', '13800138000', 1)).toEqual({
      externalUserId: 'wm1',
      phone: '13800138000',
    })
  })

  it('binds by customer ID after an ID search, or when a phone found several', () => {
    expect(bindRequestFor('wm1', 'C10005', 'C10005', 1)).toEqual({
      externalUserId: 'wm1',
      customerId: 'C10005',
    })
    expect(bindRequestFor('wm1', 'C10005', '13800138000', 2)).toEqual({
      externalUserId: 'wm1',
      customerId: 'C10005',
    })
  })
})
