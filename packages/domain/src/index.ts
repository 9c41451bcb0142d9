export * from './group-name'
export * from './staff-role'
