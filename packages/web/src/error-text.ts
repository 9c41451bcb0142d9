import { type ApiError, CLIENT_ERROR_CODES } from './http'

/**
 * The sentences `errorText` chooses from, in the app's interface language;
 * each app passes the `error` table of its own messages.
 */
export interface ErrorMessages {
  network: string
  timeout: string
  invalidResponse: string
  server: (status: number) => string
}

/** `ErrorMessages` and the labels `ErrorState` shows beside the sentence. */
export interface ErrorStateMessages extends ErrorMessages {
  code: string
  requestId: string
  retry: string
}

/** A short sentence, in the interface language, saying what went wrong. */
export function errorText(error: ApiError, t: ErrorMessages): string {
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
