import { type ApiError, CLIENT_ERROR_CODES } from './http'
import { messages } from './i18n'

/** A short sentence, in the interface language, saying what went wrong. */
export function errorText(error: ApiError): string {
  const t = messages.error
  switch (error.code) {
    case CLIENT_ERROR_CODES.network:
      return t.network
    case CLIENT_ERROR_CODES.timeout:
      return t.timeout
    case CLIENT_ERROR_CODES.invalidResponse:
      return t.invalidResponse
    default:
      return error.status > 0 ? t.server(error.status) : t.network
  }
}
