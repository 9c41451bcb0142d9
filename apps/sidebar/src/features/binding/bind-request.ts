import type { BindRequest } from '@petcare/shared'

/**
 * How to bind a chat to a record its search found: by the phone the
 * customer gave when that found this record alone, by customer ID
 * otherwise. The server binds any hospital's record by its full phone but
 * by ID only one of the member's own, so a record found by phone at
 * another hospital of the group must be bound by phone.
 */
export function bindRequestFor(
  externalUserId: string,
  customerId: string,
  query: string,
  found: number,
): BindRequest {
  return /^1\d{10}$/.test(query) && found === 1
    ? { externalUserId, phone: query }
    : { externalUserId, customerId }
}
