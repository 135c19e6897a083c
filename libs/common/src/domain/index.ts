export * from './calendar';
export * from './collections';
export * from './csv-writer';
export * from './hts';
export * from './money';
export * from './statistics';
export * from './serials';
