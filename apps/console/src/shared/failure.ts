import { type ApiError, errorText } from '@petcare/web'
import { messages } from './i18n'

/**
 * What a failed action says: the page's own words for a code first, then
 * the console's, then the transport's sentence. A validation failure keeps
 * the server's message, which names the field.
 */
export function failureText(
  error: ApiError,
  own: Readonly<Record<string, string>> = {},
): string {
  const known = own[error.code] ?? messages.failures[error.code]
  if (error.code === 'VALIDATION_FAILED') {
    return `${known ?? messages.failures.VALIDATION_FAILED}：${error.message}`
  }
  return known ?? errorText(error, messages.error)
}
