/** The uptime projection core: pure TypeScript, no Nest, no database, no environment. */
export * from './errors';
export * from './projection.types';
export * from './poisson';
export * from './metric';
export * from './output-format';
export * from './rng';
export * from './delay-table';
export * from './spread';
export * from './simulation-input';
export * from './simulator';
export * from './run-in-worker';
export * from './scenarios.rules';
export * from './scenario-seeds';
export * from './maker.rules';
export * from './spares-plan';
export * from './holds-insight.rules';
export * from './parameter-sources';
