import type { ConsoleMemberList } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { StaffEntity } from '../directory/staff.entity'
import { memberPlaces, type ConsoleScope } from './scope'

/**
 * The corp's members in scope whose name or userid contains `q`, for a
 * filter that picks one (the audit's "who opened"). A region or store sees
 * the members of its hospitals; head office everyone, members outside any
 * hospital too. Those who left stay findable: the audit outlives them.
 */
export async function searchMembers(
  dataSource: DataSource,
  scope: ConsoleScope,
  input: { q: string; limit: number },
): Promise<ConsoleMemberList> {
  const [places, staff] = await Promise.all([
    memberPlaces(dataSource, scope),
    dataSource.getRepository(StaffEntity).find({
      select: {
        userId: true,
        name: true,
        role: true,
        status: true,
        deletedAt: true,
      },
    }),
  ])
  const q = input.q.trim().toLowerCase()
  const hospitals = new Map(scope.hospitals.map((h) => [h.id, h]))
  const found = staff
    .map((s) => ({
      ...s,
      hospitalId: places.get(s.userId)?.hospitalId,
      // Deleted from the directory, or WeCom's status 5 (left the corp).
      left: s.deletedAt != null || s.status === 5,
    }))
    .filter(
      (s) =>
        (scope.level === 'head_office' ||
          scope.hasHospital(s.hospitalId ?? null)) &&
        (q === '' ||
          s.userId.toLowerCase().includes(q) ||
          s.name.toLowerCase().includes(q)),
    )
    // An exact userid first, then those still with the corp, then by name.
    .sort(
      (a, b) =>
        Number(b.userId.toLowerCase() === q) -
          Number(a.userId.toLowerCase() === q) ||
        Number(a.left) - Number(b.left) ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.userId.localeCompare(b.userId),
    )
  return {
    members: found.slice(0, input.limit).map((s) => {
      const hospital = s.hospitalId ? hospitals.get(s.hospitalId) : undefined
      return {
        userId: s.userId,
        name: s.name,
        role: s.role,
        hospital: hospital ? { id: hospital.id, name: hospital.name } : null,
        left: s.left,
      }
    }),
  }
}
