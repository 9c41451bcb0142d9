import type { DemoChats } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import type { Principal } from '../auth/principal'
import type { RecordReader } from './record-view'

/** How many chats of each kind the demo picker lists. */
const LIMIT = 40

/**
 * The chats the demo's browser bridge offers a member: those the access
 * rules let them open. Head office sees everyone, so gets the first 40;
 * a member the customers they follow and the groups they own or are in; a
 * doctor, store manager or region admin also the customers and groups of
 * their hospitals' patients. Bound customers first. `q` matches a name, a
 * customer ID, a pet's name or the end of a phone number.
 */
export async function listDemoChats(
  dataSource: DataSource,
  reader: RecordReader,
  who: Principal,
  q: string,
): Promise<DemoChats> {
  const [contacts, groups, synced] = await Promise.all([
    demoContacts(dataSource, who, q),
    demoGroups(dataSource, who, q),
    dataSource.query<unknown[]>('SELECT 1 FROM customer LIMIT 1'),
  ])
  const ids = contacts.flatMap((c) => (c.customer_id ? [c.customer_id] : []))
  const pets =
    ids.length === 0
      ? []
      : await dataSource.query<{ customer_id: string; name: string }[]>(
          `SELECT customer_id, name FROM pet
            WHERE customer_id IN (${marks(ids)}) AND status = 'active'
            ORDER BY id`,
          ids,
        )
  return {
    ready: synced.length > 0,
    more: contacts.length > LIMIT || groups.length > LIMIT,
    contacts: await Promise.all(
      contacts.slice(0, LIMIT).map(async (c) => ({
        externalUserId: c.external_user_id,
        name: c.name,
        customerId: c.customer_id,
        hospital: c.hospital_id
          ? (await reader.hospitalRef(c.hospital_id)).name
          : null,
        petNames: pets
          .filter((p) => p.customer_id === c.customer_id)
          .map((p) => p.name),
      })),
    ),
    groups: groups.slice(0, LIMIT).map((g) => ({
      chatId: g.chat_id,
      name: g.name,
      owner: g.owner_name ?? g.owner_id,
    })),
  }
}

function demoContacts(dataSource: DataSource, who: Principal, q: string) {
  const scope = inScope(who, {
    own: `EXISTS (SELECT 1 FROM follow f
            WHERE f.external_user_id = c.external_user_id
              AND f.user_id = ? AND f.ended_at IS NULL)`,
    customer: 'b.customer_id',
  })
  const search = matching(q, [
    ["LOWER(c.name) LIKE ? ESCAPE '!'", 'lower'],
    ["b.customer_id LIKE ? ESCAPE '!'", 'upper'],
    [
      `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = b.customer_id
          AND LOWER(p.name) LIKE ? ESCAPE '!')`,
      'lower',
    ],
    // The last digits of a phone, as a customer would read them out.
    ...(/^\d{3,11}$/.test(q)
      ? [["hc.phone LIKE ? ESCAPE '!'", 'tail'] as Condition]
      : []),
  ])
  return dataSource.query<
    {
      external_user_id: string
      name: string
      customer_id: string | null
      hospital_id: string | null
    }[]
  >(
    `SELECT c.external_user_id, c.name, b.customer_id, hc.hospital_id
       FROM customer c
       LEFT JOIN customer_binding b
         ON b.external_user_id = c.external_user_id AND b.unbound_at IS NULL
       LEFT JOIN hospital_customer hc ON hc.id = b.customer_id
      WHERE (${scope.sql}) AND (${search.sql})
      ORDER BY CASE WHEN b.customer_id IS NULL THEN 1 ELSE 0 END,
               c.external_user_id
      LIMIT ${LIMIT + 1}`,
    [...scope.params, ...search.params],
  )
}

function demoGroups(dataSource: DataSource, who: Principal, q: string) {
  const scope = inScope(who, {
    own: `(g.owner_id = ? OR EXISTS (SELECT 1 FROM group_member m
            WHERE m.chat_id = g.chat_id AND m.member_id = ?
              AND m.left_at IS NULL))`,
    customer: 'g.customer_code',
  })
  const search = matching(q, [
    ["LOWER(g.name) LIKE ? ESCAPE '!'", 'lower'],
    ["g.customer_code LIKE ? ESCAPE '!'", 'upper'],
  ])
  return dataSource.query<
    {
      chat_id: string
      name: string
      owner_id: string | null
      owner_name: string | null
    }[]
  >(
    `SELECT g.chat_id, g.name, g.owner_id, s.name AS owner_name
       FROM customer_group g
       LEFT JOIN staff s ON s.user_id = g.owner_id
      WHERE g.dismissed_at IS NULL AND (${scope.sql}) AND (${search.sql})
      ORDER BY g.name, g.chat_id
      LIMIT ${LIMIT + 1}`,
    [...scope.params, ...search.params],
  )
}

/**
 * The access rules as a condition: everything for head office; the
 * member's own chats (`own`, whose `?`s all take their id); and, for a
 * scope with hospitals, those whose hospital customer (`customer`) belongs
 * to or was seen at one of them, as `AccessPolicy.inHospitals` has it.
 */
function inScope(
  who: Principal,
  columns: { own: string; customer: string },
): { sql: string; params: string[] } {
  if (who.scope === 'head_office') {
    return { sql: '1 = 1', params: [] }
  }
  const own = {
    sql: columns.own,
    params: columns.own
      .split('?')
      .slice(1)
      .map(() => who.userId),
  }
  const ids = who.hospitalIds
  if (ids.length === 0) {
    return own
  }
  return {
    sql: `${own.sql}
      OR EXISTS (SELECT 1 FROM hospital_customer x
           WHERE x.id = ${columns.customer} AND x.hospital_id IN (${marks(ids)}))
      OR EXISTS (SELECT 1 FROM visit v
           WHERE v.customer_id = ${columns.customer}
             AND v.hospital_id IN (${marks(ids)}))`,
    params: [...own.params, ...ids, ...ids],
  }
}

/** A condition with one `?`, and how `q` is written into it. */
type Condition = [sql: string, pattern: 'lower' | 'upper' | 'tail']

/**
 * Any of `conditions` holds for `q`, as LIKE patterns with the wildcards in
 * `q` escaped: contained in lower case (names), contained in upper case
 * (customer IDs), or at the end (a phone). Everything when `q` is empty.
 */
function matching(
  q: string,
  conditions: Condition[],
): { sql: string; params: string[] } {
  if (!q) {
    return { sql: '1 = 1', params: [] }
  }
  const escaped = q.replace(/[!%_]/g, '!$&')
  const patterns = {
    lower: `%${escaped.toLowerCase()}%`,
    upper: `%${escaped.toUpperCase()}%`,
    tail: `%${escaped}`,
  }
  return {
    sql: conditions.map(([sql]) => sql).join(' OR '),
    params: conditions.map(([, pattern]) => patterns[pattern]),
  }
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ')
}
