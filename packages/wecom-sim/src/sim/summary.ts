import type { SimContext } from './context'
import type { StaffRole } from './state'

/**
 * What `GET /sim/state` answers: counts, each hospital with its staff by
 * role, the callback log's totals, and pending faults.
 */
export function summarizeState(context: SimContext) {
  const { state, directory, callbacks } = context
  const liveGroups = state.groups.filter((group) => !group.dismissed)
  const deliveries = callbacks.deliveries

  return {
    corp: {
      corpId: context.corp.corpId,
      agentId: context.corp.agentId,
      name: state.corpName,
    },
    counts: {
      departments: state.departments.length,
      members: state.members.length,
      followUsers: state.members.filter((m) => m.customerContact).length,
      customers: state.customers.length,
      follows: state.follows.length,
      tagGroups: state.tagGroups.length,
      tags: state.tagGroups.reduce((sum, group) => sum + group.tags.length, 0),
      groups: liveGroups.length,
      dismissedGroups: state.groups.length - liveGroups.length,
      largestGroup: Math.max(0, ...liveGroups.map((g) => g.members.length)),
      /** Changes before the start that `replayHistory()` sends. */
      pastChanges: state.history.length,
    },
    regions: state.departments
      .filter((department) => department.kind === 'region')
      .map((region) => ({
        id: region.id,
        name: region.name,
        stores: state.departments
          .filter((store) => store.parentId === region.id)
          .map((store) => ({
            id: store.id,
            name: store.name,
            staff: staffByRole(directory.membersOf(store.id)),
          })),
      })),
    headOffice: staffByRole(directory.membersOf('2')),
    tokens: { active: context.tokens.activeCount() },
    callbacks: {
      url: callbacks.url,
      sent: deliveries.length,
      delivered: deliveries.filter((d) => d.outcome === 'delivered').length,
      failed: deliveries.filter((d) => d.outcome === 'failed').length,
    },
    sent: {
      welcomeMessages: context.sent.welcomeMessages.length,
      messageTemplates: context.sent.messageTemplates.length,
    },
    faultsPending: context.faults.pending(),
  }
}

function staffByRole(
  members: { userid: string; role: StaffRole }[],
): Partial<Record<StaffRole, string[]>> {
  const byRole: Partial<Record<StaffRole, string[]>> = {}
  for (const member of members) {
    ;(byRole[member.role] ??= []).push(member.userid)
  }
  return byRole
}
