export type * from './ops'
export type * from './sidebar'
export type * from './console'
export type * from './moments'
