import type { Principal } from '../src/modules/auth/principal'

/** A local head-office admin, as `POST /api/auth/local` signs one in. */
export const HEAD_OFFICE: Principal = {
  userId: 'local:admin',
  name: 'admin',
  role: null,
  scope: 'head_office',
  hospitalIds: [],
  hospital: null,
  region: null,
  local: true,
}

/** A region admin whose region holds these hospitals. */
export function regionAdmin(hospitalIds: string[]): Principal {
  return {
    ...HEAD_OFFICE,
    userId: 'ra',
    local: false,
    scope: 'region',
    hospitalIds,
  }
}
