/** One Jest run for every layer: unit specs next to the code, integration specs per service, e2e across services. */
const common = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/common$': '<rootDir>/libs/common/src',
    '^@app/common/(.*)$': '<rootDir>/libs/common/src/$1',
  },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  rootDir: __dirname,
  // Integration tests start databases and nats-servers; unit tests finish far below this.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      // Only runs when an integration test is selected: starts (or creates) the run's PostgreSQL database.
      globalSetup: '<rootDir>/libs/common/src/testing/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/common/src/testing/global-teardown.mjs',
    },
  ],
};
