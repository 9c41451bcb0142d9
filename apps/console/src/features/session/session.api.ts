import type {
  AppInfo,
  ConsoleMe,
  LocalLogin,
  SessionInfo,
} from '@petcare/shared'
import { getJson, postJson } from '@petcare/web'
import { getChecked } from '../../shared/api'

/** Who is signed in and what they see; 401 signed out, 403 not for them. */
export function fetchMe(): Promise<ConsoleMe> {
  return getChecked<ConsoleMe>('/api/console/me', {
    name: 'string',
    level: 'string',
    regions: 'array',
    hospitals: 'array',
  })
}

/** Public facts for a signed-out page: demo or production. */
export function fetchAppInfo(): Promise<AppInfo> {
  return getJson<AppInfo>('/api/app-info')
}

/** The member behind a session the console refused, to name them. */
export function fetchSession(): Promise<SessionInfo> {
  return getJson<SessionInfo>('/api/auth/session')
}

/** Signs in with the local admin account (204 and a session cookie). */
export function signInLocal(login: LocalLogin): Promise<void> {
  return postJson<void>('/api/auth/local', login)
}

export function signOut(): Promise<void> {
  return postJson<void>('/api/auth/logout', {})
}

/** Starts WeCom OAuth; the server comes back to `returnPath` signed in. */
export function oauthStartUrl(returnPath: string): string {
  return `/api/auth/oauth/start?return=${encodeURIComponent(returnPath)}`
}
