import { TestStack } from '../../../test/support/stack';
import { unique } from './fixtures';

/** ERP retries: a bulk upload repeated with its Idempotency-Key gets the first answer, not a second import's. */
describe('Idempotency-Key on streamed bulk imports', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'repairs']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers a repeated upload with the first summary and refuses another file under the same key', async () => {
    const repairs = stack.client('repairs');
    const site = unique('SITE');
    const csv = ['serial,model,siteCode,hashrateThs,powerW', `${unique('M')},S21,${site},200,3500`, `${unique('M')},S19,${site},95,3250`].join('\n');
    const headers = { 'content-type': 'text/csv', 'idempotency-key': `import-${site}` };
    const first = await repairs.request('POST', '/machines/bulk', csv, headers);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const again = await repairs.request('POST', '/machines/bulk', csv, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await repairs.request('POST', '/machines/bulk', `${csv}\n${unique('M')},T21,${site},190,3610`, headers);
    expect(other.status).toBe(422);
    const machines = await repairs.get(`/machines?siteCode=${site}&limit=10`);
    expect(machines.body.items).toHaveLength(2);
    const withoutKey = await repairs.request('POST', '/machines/bulk', csv, { 'content-type': 'text/csv' });
    expect(withoutKey.body).toMatchObject({ created: 0, unchanged: 2 });
  });
});
