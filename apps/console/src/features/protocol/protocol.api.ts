import { deleteJson, putJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import type { ProtocolOverrides, RegionProtocol } from './protocol'

const url = (regionId: string) =>
  `/api/console/protocol/${encodeURIComponent(regionId)}`

export function fetchProtocol(regionId: string): Promise<RegionProtocol> {
  return getChecked<RegionProtocol>(url(regionId), {
    regionId: 'string',
    protocol: 'object',
  })
}

export function saveProtocol(
  regionId: string,
  overrides: ProtocolOverrides,
): Promise<void> {
  return putJson<void>(url(regionId), overrides)
}

export function resetProtocol(regionId: string): Promise<void> {
  return deleteJson<void>(url(regionId))
}
