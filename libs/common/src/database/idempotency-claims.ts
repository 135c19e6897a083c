import { Conflict } from '../errors';
import type { UnitOfWork } from '../messaging/transactions';
import type { IdempotencyClaimRef } from '../request-context';

/**
 * Run inside each transaction of a request holding an Idempotency-Key claim, just before it commits:
 * the claim must still be this process's (else nothing this request wrote commits), and it is marked
 * committed, row-locked until the commit. A process whose lease connection PostgreSQL dropped looks
 * dead to the others, and a retry elsewhere may have taken its claim over: the process then writes
 * nothing. A retry that tries to take over a claim while its transaction is committing waits for the
 * lock and then finds it committed, so it never runs the request a second time.
 */
export async function confirmIdempotencyClaim(unit: UnitOfWork, schema: string, claim: IdempotencyClaimRef): Promise<void> {
  const confirmed: unknown[] = await unit.query(
    `UPDATE ${schema}.idempotency_keys SET committed = true
      WHERE api_key_id = $1 AND key = $2 AND owner = $3 RETURNING key`,
    [claim.apiKeyId, claim.key, claim.owner],
  );
  if (confirmed.length === 0) {
    throw new Conflict(
      'idempotency_claim_lost',
      'Another attempt with this Idempotency-Key took this request over, so this one wrote nothing; retry with the same key for its answer',
    );
  }
}
