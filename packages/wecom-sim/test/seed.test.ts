import { seedCorp } from '../src'

describe('seedCorp', () => {
  const corp = seedCorp(1)

  it('gives the same corp for the same seed, and another for another', () => {
    expect(seedCorp(1)).toEqual(corp)
    expect(seedCorp(2).customers[0]).not.toEqual(corp.customers[0])
  })

  it('has a head office and 3–4 regions of 2–4 hospitals each', () => {
    const regions = corp.departments.filter((d) => d.kind === 'region')
    expect(regions.length).toBeGreaterThanOrEqual(3)
    expect(regions.length).toBeLessThanOrEqual(4)
    for (const region of regions) {
      const stores = corp.departments.filter((d) => d.parentId === region.id)
      expect(stores.length).toBeGreaterThanOrEqual(2)
      expect(stores.length).toBeLessThanOrEqual(4)
    }
    expect(corp.departments.find((d) => d.kind === 'head_office')?.name).toBe(
      '总部',
    )
  })

  it('staffs every hospital with a butler, front desk, doctor and nurse', () => {
    const stores = corp.departments.filter((d) => d.kind === 'store')
    for (const store of stores) {
      const positions = corp.members
        .filter((m) => m.mainDepartment === store.id)
        .map((m) => m.position)
      expect(positions).toEqual(
        expect.arrayContaining(['爱宠管家', '前台', '医生', '护士']),
      )
    }
    // 4 roles × 9 hospitals, a few extra butlers or doctors, 3 at head
    // office, a manager per region and per hospital.
    expect(corp.members.length).toBeGreaterThanOrEqual(38 + 3 + 9)
    expect(corp.members.length).toBeLessThanOrEqual(45 + 4 + 9)
    for (const store of stores) {
      expect(
        corp.members.filter(
          (m) => m.mainDepartment === store.id && m.position === '店长',
        ),
      ).toHaveLength(1)
    }
    for (const region of corp.departments.filter((d) => d.kind === 'region')) {
      expect(
        corp.members.filter(
          (m) => m.mainDepartment === region.id && m.position === '大区经理',
        ),
      ).toHaveLength(1)
    }
    expect(new Set(corp.members.map((m) => m.userid)).size).toBe(
      corp.members.length,
    )
  })

  it('has ~300 customers with WeCom-shaped ids, each followed by 1–2 members', () => {
    expect(corp.customers.length).toBeGreaterThanOrEqual(290)
    expect(corp.customers.length).toBeLessThanOrEqual(310)
    for (const customer of corp.customers) {
      expect(customer.externalUserId).toMatch(/^wm[A-Za-z0-9_-]{30}$/)
      const follows = corp.follows.filter(
        (f) => f.externalUserId === customer.externalUserId,
      )
      expect([1, 2]).toContain(follows.length)
    }
    expect(corp.customers.some((c) => c.unionid)).toBe(true)
    expect(corp.follows.some((f) => f.state === 'online_consult')).toBe(true)
  })

  it('has ~150 groups, mostly named customer ID + pet + complaint', () => {
    const groups = corp.groups
    expect(groups.length).toBeGreaterThanOrEqual(140)
    expect(groups.length).toBeLessThanOrEqual(160)
    const rule = /^C\d{5}[-\s_+－—/·]\S+[-\s_+－—/·]\S+$/
    const following = groups.filter((g) => rule.test(g.name)).length
    expect(following / groups.length).toBeGreaterThan(0.7)
    expect(following).toBeLessThan(groups.length)

    expect(groups.filter((g) => g.dismissed).length).toBeGreaterThan(0)
    expect(groups.some((g) => g.notice.length > 1000)).toBe(true)
    expect(groups.filter((g) => g.members.length > 200).length).toBeGreaterThan(
      0,
    )
    const butlers = new Set(
      corp.members.filter((m) => m.role === 'butler').map((m) => m.userid),
    )
    expect(groups.every((g) => butlers.has(g.owner))).toBe(true)
  })
})
