import { ConfigError, loadServiceConfig } from './service-config';

const valid = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', NATS_URL: 'nats://127.0.0.1:4222' };

describe('service configuration', () => {
  it('fills documented defaults around the two required URLs', () => {
    const config = loadServiceConfig('repairs', valid);
    expect(config).toMatchObject({ service: 'repairs', port: 3002, databasePoolSize: 20, rateLimitPerSecond: 5000, demoData: false });
    expect(config.bootstrapAdminKey).toBeUndefined();
  });

  it.each([
    [{ ...valid, DATABASE_URL: undefined }, /DATABASE_URL is required/],
    [{ ...valid, DATABASE_URL: 'mysql://x' }, /DATABASE_URL must use postgres:/],
    [{ ...valid, NATS_URL: 'not a url' }, /NATS_URL is not a valid URL/],
    [{ ...valid, SHIPMENTS_PORT: '70000' }, /SHIPMENTS_PORT must be an integer/],
    [{ ...valid, DEMO_DATA: 'maybe' }, /DEMO_DATA must be true or false/],
    [{ ...valid, BOOTSTRAP_ADMIN_KEY: 'short' }, /BOOTSTRAP_ADMIN_KEY must be 16 to 128/],
    [{ ...valid, IDEMPOTENCY_RETENTION_HOURS: '2' }, /IDEMPOTENCY_RETENTION_HOURS must be an integer from 24/],
  ])('refuses a bad value with one message naming the variable (%#)', (env, message) => {
    expect(() => loadServiceConfig('shipments', env)).toThrow(ConfigError);
    expect(() => loadServiceConfig('shipments', env)).toThrow(message);
  });

  it('takes a bootstrap admin key exactly as given', () => {
    const key = 'Adm1n-key_with.punct!';
    expect(loadServiceConfig('inventory', { ...valid, BOOTSTRAP_ADMIN_KEY: key }).bootstrapAdminKey).toBe(key);
  });
});
