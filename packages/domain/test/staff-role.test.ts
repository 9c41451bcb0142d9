import { missingGroupRoles, roleFromPosition } from '../src'

describe('roleFromPosition', () => {
  it.each([
    ['爱宠管家', 'butler'],
    ['前台', 'front_desk'],
    ['前台接待', 'front_desk'],
    ['执业兽医师', 'doctor'],
    ['主治医生', 'doctor'],
    ['护士', 'nurse'],
    ['总部运营', 'head_office_ops'],
    ['大区经理', 'region_admin'],
    ['华东大区运营经理', 'region_admin'],
    ['Regional Manager', 'region_admin'],
    ['店长', 'store_manager'],
    ['院长', 'store_manager'],
    ['仓库管理员', null],
    [undefined, null],
  ])('reads %s as %s', (position, role) => {
    expect(roleFromPosition(position)).toBe(role)
  })
})

describe('missingGroupRoles', () => {
  it('lists the required roles a group lacks', () => {
    expect(missingGroupRoles(['butler', 'doctor', null])).toEqual([
      'front_desk',
      'nurse',
    ])
    expect(
      missingGroupRoles([
        'butler',
        'front_desk',
        'doctor',
        'nurse',
        'head_office_ops',
      ]),
    ).toEqual([])
  })
})
