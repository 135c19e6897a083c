import { NotFoundException } from '@nestjs/common';
import { Conflict, InvalidInput, NotFound, ServiceUnavailable } from '../errors';
import { toErrorBody } from './error.filter';

describe('one error shape for every error', () => {
  it('maps domain errors to their status with the reason', () => {
    expect(toErrorBody(new InvalidInput(['sku: must be a string', 'quantity: must be at least 1']))).toEqual({
      statusCode: 400, error: 'Bad Request', message: ['sku: must be a string', 'quantity: must be at least 1'], code: 'invalid_input',
    });
    expect(toErrorBody(new NotFound('part', 'X-1'))).toMatchObject({ statusCode: 404, message: ['part X-1 not found'] });
    expect(toErrorBody(new Conflict('insufficient_stock', 'only 2 available'))).toMatchObject({ statusCode: 409, code: 'insufficient_stock' });
    expect(toErrorBody(new ServiceUnavailable('inventory did not answer'))).toMatchObject({ statusCode: 503 });
  });

  it('turns what a client can cause in PostgreSQL or Fastify into a 4xx, never a 500', () => {
    expect(toErrorBody(Object.assign(new Error('dup'), { code: '23505', detail: 'Key (sku)=(A) already exists.' }))).toMatchObject({
      statusCode: 409, message: ['Key (sku)=(A) already exists.'],
    });
    expect(toErrorBody(Object.assign(new Error('bad'), { code: '22P02' })).statusCode).toBe(400);
    expect(toErrorBody({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'too large' })).toMatchObject({
      statusCode: 413, message: ['body: larger than the 1 MiB limit'],
    });
    expect(toErrorBody(new NotFoundException('Cannot GET /nope'))).toMatchObject({ statusCode: 404, message: ['Cannot GET /nope'] });
  });

  it('answers a transaction that lost a race with another (deadlock, serialization failure) 503: send it again', () => {
    for (const code of ['40P01', '40001']) {
      expect(toErrorBody(Object.assign(new Error('deadlock detected'), { code }))).toMatchObject({ statusCode: 503, code: 'contention' });
    }
  });

  it('answers 500 only for our own failures, without leaking their details', () => {
    expect(toErrorBody(new Error('connection string postgres://secret'))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: ['internal error'] });
  });
});
