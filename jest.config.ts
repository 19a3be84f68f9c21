/**
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"module": "commonjs", "moduleResolution": "node10", "ignoreDeprecations": "6.0", "resolvePackageJsonExports": false}}
 */
// Transpile-only keeps jest's start fast: type checking is `npm run typecheck`'s job.
import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
import * as ts from 'typescript';

// Path aliases (@academy/matching, ...) live only in tsconfig.json; read them from there.
const { config: tsconfig } = ts.readConfigFile(`${__dirname}/tsconfig.json`, ts.sys.readFile);
const paths: Record<string, string[]> = tsconfig?.compilerOptions?.paths ?? {};

// NestJS 12 packages (and file-type) are ESM-only. Jest's CommonJS runtime can require() ESM
// only on Node >= 24.9, so on Node 20/22 they are compiled to CommonJS with SWC.
const ESM_ONLY = ['@nestjs', 'file-type'];

const config: Config = {
  rootDir: __dirname,
  moduleFileExtensions: ['js', 'json', 'ts'],
  roots: ['<rootDir>/apps/', '<rootDir>/libs/'],
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
    '^.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: pathsToModuleNameMapper(paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
  globalSetup: '<rootDir>/apps/api/test/global-setup.ts',
  testTimeout: 30000,
  collectCoverageFrom: ['apps/**/*.ts', 'libs/**/*.ts'],
  coverageDirectory: '<rootDir>/coverage',
};

export default config;
