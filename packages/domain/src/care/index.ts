export {
  addDays,
  addMonths,
  addWeeks,
  diffDays,
  FIRST_YEAR,
  InvalidLocalDateError,
  isLocalDate,
  LAST_YEAR,
  type LocalDate,
} from './local-date'
export * from './protocol'
export * from './merge-protocol'
export {
  type ProtocolError,
  type ProtocolErrorCode,
  validateProtocol,
} from './validate-protocol'
export type {
  CareStatus,
  DueVerdict,
  DueWindow,
  IgnoredReason,
  IgnoredRecord,
} from './status'
export * from './due'
export * from './deworming-due'
