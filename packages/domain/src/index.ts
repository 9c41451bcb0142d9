export * from './group-name'
export * from './staff-role'
export * from './care'
export * from './iso-week'
