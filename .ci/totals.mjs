// Prints Jest's totals as `N passed, N failed` on a line of their own.
import { existsSync, readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed')
  console.error(`no Jest results at ${file}: the tests did not run`)
  process.exit(1)
}
const results = JSON.parse(readFileSync(file, 'utf8'))
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
console.log(
  `${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped`,
)
process.exit(failed === 0 && results.numPassedTests > 0 ? 0 : 1)
