/**
 * One Jest project per workspace package. TypeScript goes through @swc/jest:
 * it only strips types, so `pnpm typecheck` is what checks them.
 *
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true}
 */
import type { Config } from 'jest'

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
] as const

function project(dir: string, name: string): Config {
  return {
    displayName: name,
    rootDir: `<rootDir>/${dir}`,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.tsx?$': swc as unknown as [string, object] },
    moduleFileExtensions: ['ts', 'js', 'json', 'cjs', 'mjs'],
  }
}

const config: Config = {
  projects: [
    project('packages/wecom', 'wecom'),
    project('packages/wecom-sim', 'wecom-sim'),
    project('packages/domain', 'domain'),
    project('apps/server', 'server'),
    project('apps/sidebar', 'sidebar'),
    project('apps/console', 'console'),
    project('packages/web', 'web'),
  ],
  // The global setup is transformed with the root's own transform.
  transform: { '^.+\\.tsx?$': swc as unknown as [string, object] },
  globalSetup: '<rootDir>/apps/server/test/global-setup.ts',
  testTimeout: 30_000,
}

export default config
