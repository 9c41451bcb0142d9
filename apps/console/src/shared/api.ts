import { ApiError, CLIENT_ERROR_CODES, getJson } from '@petcare/web'

/**
 * `getJson` that checks the body has the fields a page is about to read,
 * so a server of another version fails as INVALID_RESPONSE with the path,
 * not later as "cannot read properties of undefined" in a template.
 */
export async function getChecked<T>(
  path: string,
  fields: Record<string, 'array' | 'object' | 'string'>,
): Promise<T> {
  const body = await getJson<unknown>(path)
  const missing = Object.entries(fields).find(([name, kind]) => {
    const value =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)[name]
        : undefined
    if (kind === 'array') return !Array.isArray(value)
    if (kind === 'object') return typeof value !== 'object' || value === null
    return typeof value !== 'string'
  })
  if (missing) {
    throw new ApiError({
      status: 200,
      code: CLIENT_ERROR_CODES.invalidResponse,
      message: `${path.split('?')[0]}: no ${missing[0]} in the answer`,
    })
  }
  return body as T
}
