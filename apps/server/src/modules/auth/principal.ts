import type { AccessScope, StaffRoleName } from '@petcare/shared'
import { IsNull, type DataSource } from 'typeorm'
import { LocalAccountEntity } from '../console/console.entity'
import {
  DepartmentEntity,
  type DepartmentRecord,
} from '../directory/department.entity'
import { StaffEntity } from '../directory/staff.entity'
import {
  HospitalEntity,
  RegionEntity,
  type HospitalRecord,
  type RegionRecord,
} from '../record/hospital.entity'

/**
 * A signed-in member and how far they see. Worked out from the staff
 * table on every request, so a member who leaves or changes hospital loses
 * access at once, whatever their cookie says.
 */
export interface Principal {
  userId: string
  name: string
  role: StaffRoleName | null
  scope: AccessScope
  /** The hospitals a doctor or region admin sees every patient of. */
  hospitalIds: string[]
  /** The member's own hospital and region, for display and quick replies. */
  hospital: { id: string; name: string } | null
  region: { id: string; name: string } | null
  /** A local console account, not a WeCom member: console only. */
  local: boolean
}

/** Session ids of local console accounts: `local:<username>`. */
export const LOCAL_PREFIX = 'local:'

/**
 * The principal for a member id; null when the member is unknown, has
 * left, or is disabled.
 */
export async function loadPrincipal(
  dataSource: DataSource,
  userId: string,
): Promise<Principal | null> {
  if (userId.startsWith(LOCAL_PREFIX)) {
    const account = await dataSource
      .getRepository(LocalAccountEntity)
      .findOneBy({ username: userId.slice(LOCAL_PREFIX.length) })
    return (
      account && {
        userId,
        name: account.name,
        role: null,
        scope: 'head_office',
        hospitalIds: [],
        hospital: null,
        region: null,
        local: true,
      }
    )
  }
  const staff = await dataSource
    .getRepository(StaffEntity)
    .findOneBy({ userId, deletedAt: IsNull() })
  if (!staff || staff.status !== 1) {
    return null
  }
  const departmentIds = new Set(staff.departmentIds.split(',').filter(Boolean))
  const org = await organisation(dataSource)
  const departments = org.departments.filter((d) => departmentIds.has(d.id))
  const hospitals = org.hospitals.filter(
    (h) =>
      h.wecomDepartmentId !== null && departmentIds.has(h.wecomDepartmentId),
  )
  const regions = org.regions.filter(
    (r) =>
      r.wecomDepartmentId !== null && departmentIds.has(r.wecomDepartmentId),
  )
  const role = staff.role as StaffRoleName | null
  const ownHospital = pickMain(hospitals, staff.mainDepartmentId)
  const ownRegionId = regions[0]?.id ?? ownHospital?.regionId ?? null
  const ownRegion = org.regions.find((r) => r.id === ownRegionId) ?? null

  const base = {
    userId: staff.userId,
    name: staff.name,
    role,
    hospital: ownHospital && { id: ownHospital.id, name: ownHospital.name },
    region: ownRegion && { id: ownRegion.id, name: ownRegion.name },
    local: false,
  }
  if (
    role === 'head_office_ops' ||
    departments.some((d) => d.kind === 'head_office')
  ) {
    return { ...base, scope: 'head_office', hospitalIds: [] }
  }
  if (role === 'region_admin' && regions.length > 0) {
    const mine = new Set(regions.map((r) => r.id))
    const inRegions = org.hospitals.filter(
      (h) => h.regionId !== null && mine.has(h.regionId),
    )
    return { ...base, scope: 'region', hospitalIds: inRegions.map((h) => h.id) }
  }
  if ((role === 'doctor' || role === 'store_manager') && hospitals.length > 0) {
    return {
      ...base,
      scope: role === 'doctor' ? 'doctor' : 'store',
      hospitalIds: hospitals.map((h) => h.id),
    }
  }
  return { ...base, scope: 'member', hospitalIds: [] }
}

/** How long the organisation's shape is kept: it changes rarely. */
const ORGANISATION_MS = 30_000

interface Organisation {
  departments: DepartmentRecord[]
  hospitals: HospitalRecord[]
  regions: RegionRecord[]
}

const organisations = new WeakMap<
  DataSource,
  { at: number; value: Promise<Organisation> }
>()

/**
 * Departments, hospitals and regions: a few dozen rows read on every
 * request, so kept for 30 seconds. The member's own row is read fresh each
 * time, so leaving or being disabled still takes effect at once; a new
 * hospital or a department moved takes up to 30 seconds.
 */
function organisation(dataSource: DataSource): Promise<Organisation> {
  const cached = organisations.get(dataSource)
  if (cached && Date.now() - cached.at < ORGANISATION_MS) {
    return cached.value
  }
  const value = Promise.all([
    dataSource.getRepository(DepartmentEntity).find(),
    dataSource.getRepository(HospitalEntity).find(),
    dataSource.getRepository(RegionEntity).find(),
  ]).then(([departments, hospitals, regions]) => ({
    departments,
    hospitals,
    regions,
  }))
  organisations.set(dataSource, { at: Date.now(), value })
  // A failed read is not kept.
  value.catch(() => organisations.delete(dataSource))
  return value
}

function pickMain<T extends { wecomDepartmentId: string | null }>(
  rows: T[],
  mainDepartmentId: string | null,
): T | null {
  return (
    rows.find((row) => row.wecomDepartmentId === mainDepartmentId) ??
    rows[0] ??
    null
  )
}
