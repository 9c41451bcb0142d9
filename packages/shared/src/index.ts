export type * from './ops'
export type * from './sidebar'
