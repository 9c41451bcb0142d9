import type { ConsoleLevel } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { ForbiddenError } from '../../errors'
import type { Principal } from '../auth/principal'
import { StaffEntity } from '../directory/staff.entity'
import {
  HospitalEntity,
  RegionEntity,
  type HospitalRecord,
  type RegionRecord,
} from '../record/hospital.entity'

/** The part of the organisation a console user sees. */
export interface ConsoleScope {
  level: ConsoleLevel
  regions: RegionRecord[]
  hospitals: HospitalRecord[]
  /** Whether a hospital id is in scope (head office: every one). */
  hasHospital(id: string | null): boolean
  hasRegion(id: string | null): boolean
  /**
   * Whether every hospital of a region is in scope: a region admin's region
   * is theirs as a whole, a store manager's is not (their hospital is one
   * part of it). A region's weekly target belongs to the region as a whole.
   */
  hasWholeRegion(id: string | null): boolean
}

/**
 * The console scope of a signed-in user: head office (and local admin
 * accounts) everything, a region admin their regions, a store manager their
 * hospital. Anyone else may not use the console.
 * @throws {ForbiddenError} NOT_CONSOLE_USER
 */
export async function consoleScope(
  dataSource: DataSource,
  who: Principal,
): Promise<ConsoleScope> {
  const [regions, hospitals] = await Promise.all([
    dataSource.getRepository(RegionEntity).find({ order: { id: 'ASC' } }),
    dataSource.getRepository(HospitalEntity).find({ order: { id: 'ASC' } }),
  ])
  if (who.scope === 'head_office') {
    return scope('head_office', regions, hospitals, hospitals, true)
  }
  if (who.scope === 'region' || who.scope === 'store') {
    const mine = new Set(who.hospitalIds)
    const inScope = hospitals.filter((h) => mine.has(h.id))
    const regionIds = new Set(inScope.map((h) => h.regionId))
    return scope(
      who.scope,
      regions.filter((r) => regionIds.has(r.id)),
      inScope,
      hospitals,
      false,
    )
  }
  throw new ForbiddenError(
    'NOT_CONSOLE_USER',
    'the console is for head office, region admins and store managers',
  )
}

function scope(
  level: ConsoleLevel,
  regions: RegionRecord[],
  hospitals: HospitalRecord[],
  allHospitals: HospitalRecord[],
  everything: boolean,
): ConsoleScope {
  const hospitalIds = new Set(hospitals.map((h) => h.id))
  const regionIds = new Set(regions.map((r) => r.id))
  const whole = new Set(
    regions
      .filter((r) =>
        allHospitals.every((h) => h.regionId !== r.id || hospitalIds.has(h.id)),
      )
      .map((r) => r.id),
  )
  return {
    level,
    regions,
    hospitals,
    hasHospital: (id) => everything || (id !== null && hospitalIds.has(id)),
    hasRegion: (id) => everything || (id !== null && regionIds.has(id)),
    hasWholeRegion: (id) => id !== null && whole.has(id),
  }
}

/** Where a member works: their hospital (by WeCom department) and region. */
export interface MemberPlace {
  name: string
  hospitalId: string | null
  regionId: string | null
  /** An active member of the corp (not disabled, not left). */
  active: boolean
}

/**
 * Every member's hospital and region, as far as the scope's hospitals go:
 * the first of their departments (the main one first) that is a hospital.
 */
export async function memberPlaces(
  dataSource: DataSource,
  scope: ConsoleScope,
): Promise<Map<string, MemberPlace>> {
  const byDepartment = new Map(
    scope.hospitals.map((h) => [h.wecomDepartmentId, h] as const),
  )
  const staff = await dataSource.getRepository(StaffEntity).find()
  return new Map(
    staff.map((s) => {
      const hospital =
        [s.mainDepartmentId, ...s.departmentIds.split(',')]
          .map((d) => (d ? byDepartment.get(d) : undefined))
          .find(Boolean) ?? null
      return [
        s.userId,
        {
          name: s.name,
          hospitalId: hospital?.id ?? null,
          regionId: hospital?.regionId ?? null,
          active: s.status === 1 && s.deletedAt === null,
        },
      ]
    }),
  )
}

/**
 * The hospital a customer group belongs to in the console: its owner's.
 * Every console list and page of groups places a group by this, so a group
 * opens wherever it is listed. A group with no owner, or an owner outside
 * every hospital, has none and is head office's alone.
 */
export function groupHospital(
  ownerId: string | null,
  members: Map<string, MemberPlace>,
): string | null {
  return ownerId ? (members.get(ownerId)?.hospitalId ?? null) : null
}
