export { DEMO_CORP } from './demo-corp'
export { DEMO_CORP_SECRET } from './demo-corp-secret'
export * from './event-xml'
export * from './send'
export * from './sim'
export {
  buildDemoBindings,
  buildDemoExport,
  type DemoRow,
} from './his/demo-export'
