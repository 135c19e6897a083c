export * from './envelope';
export * from './streams';
export * from './shared-payloads';
export * from './inventory.contract';
export * from './shipments.contract';
export * from './repairs.contract';
