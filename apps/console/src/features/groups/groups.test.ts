/// <reference types="jest" />
import type {
  GroupNameProblem,
  GroupProblems,
  GroupRole,
} from '@petcare/shared'
import {
  filterCustomers,
  filterGroups,
  narrowsCounts,
  NO_FILTERS,
  problemCounts,
  problemTexts,
  type ProblemGroup,
} from './groups'

const words = {
  nameProblems: {
    NO_CUSTOMER_ID: '缺少客户编号',
    MISSING_PET_NAME: '缺少宠物名',
  },
  roleNames: { butler: '管家', doctor: '医生', nurse: '护士' },
  missing: (roles: string) => `缺少${roles}`,
}

function group(
  chatId: string,
  patch: Partial<ProblemGroup> = {},
): ProblemGroup {
  return {
    chatId,
    name: chatId,
    owner: { userId: 'ZhangWei', name: '张伟' },
    hospitalId: 'H1',
    nameProblem: null,
    missingRoles: [],
    memberCount: 4,
    ...patch,
  }
}

describe('problemTexts', () => {
  it('says what is wrong with the name and which roles are missing', () => {
    expect(
      problemTexts(
        group('a', {
          nameProblem: 'NO_CUSTOMER_ID',
          missingRoles: ['doctor', 'nurse'],
        }),
        words,
      ),
    ).toEqual([
      { kind: 'name', text: '缺少客户编号' },
      { kind: 'roles', text: '缺少医生、护士' },
    ])
  })

  it('shows a code it has no words for as it is', () => {
    // A newer server may name a problem or role this page does not know.
    const newer = {
      nameProblem: 'TOO_LONG' as GroupNameProblem,
      missingRoles: ['vet_tech' as GroupRole],
    }
    expect(problemTexts(group('a', newer), words)).toEqual([
      { kind: 'name', text: 'TOO_LONG' },
      { kind: 'roles', text: '缺少vet_tech' },
    ])
  })
})

describe('filters', () => {
  const groups = [
    group('wr1', { name: '豆豆妈的群', nameProblem: 'NO_CUSTOMER_ID' }),
    group('wr2', {
      name: 'C10023-Moco',
      missingRoles: ['nurse'],
      hospitalId: 'H2',
    }),
    group('wr3', {
      name: 'C10088',
      nameProblem: 'MISSING_PET_NAME',
      missingRoles: ['doctor'],
      owner: { userId: 'WangFang', name: '王芳' },
    }),
  ]
  const ids = (list: ProblemGroup[]) => list.map((g) => g.chatId)

  it('keeps everything with no filter', () => {
    expect(ids(filterGroups(groups, NO_FILTERS))).toEqual(['wr1', 'wr2', 'wr3'])
  })

  it('filters by hospital, problem type and missing role', () => {
    expect(
      ids(filterGroups(groups, { ...NO_FILTERS, hospitalId: 'H2' })),
    ).toEqual(['wr2'])
    expect(
      ids(filterGroups(groups, { ...NO_FILTERS, problem: 'name' })),
    ).toEqual(['wr1', 'wr3'])
    expect(
      ids(filterGroups(groups, { ...NO_FILTERS, problem: 'roles' })),
    ).toEqual(['wr2', 'wr3'])
    expect(
      ids(filterGroups(groups, { ...NO_FILTERS, role: 'doctor' })),
    ).toEqual(['wr3'])
  })

  it('searches the name and the owner, ignoring case', () => {
    expect(
      ids(filterGroups(groups, { ...NO_FILTERS, search: 'moco' })),
    ).toEqual(['wr2'])
    expect(
      ids(filterGroups(groups, { ...NO_FILTERS, search: '王芳' })),
    ).toEqual(['wr3'])
  })

  it('filters customers without a group by hospital and id or name', () => {
    const customers = [
      {
        customerId: 'C10031',
        name: '刘女士',
        hospitalId: 'H1',
        externalUserId: null,
      },
      {
        customerId: 'C20034',
        name: '黄女士',
        hospitalId: 'H2',
        externalUserId: 'wm1',
      },
    ]
    expect(
      filterCustomers(customers, { hospitalId: 'H2', search: '' }),
    ).toHaveLength(1)
    expect(
      filterCustomers(customers, { hospitalId: null, search: 'c100' })[0]!.name,
    ).toBe('刘女士')
  })

  it('counts each kind of problem, a group with two problems in both', () => {
    const report: GroupProblems = {
      groups,
      customersWithoutGroup: [
        { customerId: 'C1', name: 'a', hospitalId: 'H1', externalUserId: null },
      ],
    }
    expect(problemCounts(report, NO_FILTERS)).toEqual({
      badName: 2,
      missingRoles: 2,
      noGroup: 1,
    })
    expect(problemCounts(report, { ...NO_FILTERS, hospitalId: 'H2' })).toEqual({
      badName: 0,
      missingRoles: 1,
      noGroup: 0,
    })
    expect(narrowsCounts(NO_FILTERS)).toBe(false)
  })

  // The cards counted the whole hospital while the list below showed what
  // a search found.
  it('counts what the search and the missing role leave, whatever kind is picked', () => {
    const report: GroupProblems = {
      groups,
      customersWithoutGroup: [
        { customerId: 'C1', name: 'a', hospitalId: 'H1', externalUserId: null },
      ],
    }
    const picked = { ...NO_FILTERS, problem: 'name' as const }
    expect(problemCounts(report, { ...picked, search: 'moco' })).toEqual({
      badName: 0,
      missingRoles: 1,
      noGroup: 0,
    })
    expect(problemCounts(report, { ...picked, role: 'nurse' })).toEqual({
      badName: 0,
      missingRoles: 1,
      noGroup: 1,
    })
    expect(narrowsCounts({ ...picked, search: 'moco' })).toBe(true)
    expect(narrowsCounts(picked)).toBe(false)
  })
})
