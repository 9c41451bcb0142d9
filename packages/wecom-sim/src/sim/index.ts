export { ADMIN_PATHS } from './routes-admin'
export type {
  AddCustomerInput,
  AddCustomerResult,
  EditCustomerInput,
  FollowKey,
} from './actions-customers'
export type {
  CreateGroupInput,
  GroupResult,
  JoinOptions,
} from './actions-groups'
export type {
  CreateMemberInput,
  MemberResult,
  UpdateMemberInput,
} from './actions-members'
export type {
  CallbackAttempt,
  CallbackDelivery,
  CallbackSender,
} from './callbacks'
export type {
  OAuthGrant,
  SentMedia,
  SentMessages,
  SentMessageTemplate,
  SentWelcomeMessage,
  SimCorp,
} from './context'
export { SIM_ERRORS, SimActionError } from './errcodes'
export type { FaultInjector, FaultRule } from './faults'
export { seedCorp, type SeedOptions } from './seed'
export { findSeedToday, type StoredFollow } from './seed-today'
export {
  createWecomSimulator,
  type WecomSimulator,
  type WecomSimulatorOptions,
} from './simulator'
export {
  ROLE_POSITIONS,
  SimDirectory,
  type SimCustomer,
  type SimDepartment,
  type SimFollow,
  type SimGroupChat,
  type SimGroupMember,
  type SimMember,
  type SimPastChange,
  type SimState,
  type SimTag,
  type SimTagGroup,
  type StaffRole,
} from './state'
