import type { MomentOwnerInfo, MomentStatus } from '@petcare/shared'
import { ForbiddenError, NotFoundError } from '../../errors'
import type { ConsoleScope } from '../console/scope'

/** The owner id of head office's posts. */
export const HEAD_OFFICE = 'head_office'

/** Posts a day: head office 2, each region 1 (DESIGN.md, 客户朋友圈). */
export function dailyLimit(owner: string): number {
  return owner === HEAD_OFFICE ? 2 : 1
}

/** Posts not yet with WeCom: these may be edited, deleted and published. */
export const OPEN: readonly MomentStatus[] = ['planned', 'failed']

/** Head office, then the regions in scope, each with its daily quota. */
export function ownersOf(scope: ConsoleScope): MomentOwnerInfo[] {
  return [
    {
      id: HEAD_OFFICE,
      name: '总部',
      dailyLimit: dailyLimit(HEAD_OFFICE),
      plannable: mayPlan(scope, HEAD_OFFICE),
    },
    ...scope.regions.map((region) => ({
      id: region.id,
      name: region.name,
      dailyLimit: dailyLimit(region.id),
      plannable: mayPlan(scope, region.id),
    })),
  ]
}

/** Head office's posts are everyone's to see; a region's, its own. */
export function isVisible(scope: ConsoleScope, owner: string): boolean {
  return owner === HEAD_OFFICE || scope.regions.some((r) => r.id === owner)
}

/**
 * Head office plans its own posts and any region's; a region admin only
 * their regions'; a store manager nothing.
 */
export function mayPlan(scope: ConsoleScope, owner: string): boolean {
  if (scope.level === 'head_office') {
    return isVisible(scope, owner)
  }
  return (
    scope.level === 'region' && owner !== HEAD_OFFICE && isVisible(scope, owner)
  )
}

/**
 * @throws {NotFoundError} to head office, for a region it does not have
 * @throws {ForbiddenError} NOT_IN_SCOPE to anyone who may not plan them
 */
export function requirePlanner(scope: ConsoleScope, owner: string): void {
  if (scope.level === 'head_office' && !isVisible(scope, owner)) {
    throw new NotFoundError('no such region')
  }
  if (!mayPlan(scope, owner)) {
    throw new ForbiddenError('NOT_IN_SCOPE', 'you may not plan these posts')
  }
}
