export type * from './ops'
