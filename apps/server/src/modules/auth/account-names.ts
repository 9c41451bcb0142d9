import { In, type DataSource } from 'typeorm'
import { LocalAccountEntity } from '../console/console.entity'
import { StaffEntity } from '../directory/staff.entity'
import { LOCAL_PREFIX } from './principal'

/**
 * The names to show for the accounts that did something (planned a post,
 * set a target, created a mass message, changed a protocol): a member's
 * name, members who left included, or a local console account's own name
 * for `local:<username>`. An id that is neither keeps no entry, so callers
 * fall back to the id.
 */
export async function accountNames(
  dataSource: DataSource,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id): id is string => !!id)
  const locals = unique
    .filter((id) => id.startsWith(LOCAL_PREFIX))
    .map((id) => id.slice(LOCAL_PREFIX.length))
  const members = unique.filter((id) => !id.startsWith(LOCAL_PREFIX))
  const [staff, accounts] = await Promise.all([
    members.length > 0
      ? dataSource.getRepository(StaffEntity).find({
          select: { userId: true, name: true },
          where: { userId: In(members) },
        })
      : [],
    locals.length > 0
      ? dataSource.getRepository(LocalAccountEntity).find({
          select: { username: true, name: true },
          where: { username: In(locals) },
        })
      : [],
  ])
  return new Map([
    ...staff.map((s) => [s.userId, s.name] as const),
    ...accounts.map((a) => [`${LOCAL_PREFIX}${a.username}`, a.name] as const),
  ])
}
