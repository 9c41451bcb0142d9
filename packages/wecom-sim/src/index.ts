export { DEMO_CORP } from './demo-corp'
export * from './event-xml'
export * from './send'
