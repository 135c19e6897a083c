import { idempotencyClaimCommittedMigration, idempotencyClaimOwnerMigration, importsTableMigration } from '@app/common';
import { ShipmentsInitial1732400000000 } from './1732400000000-shipments-initial';
import { LineSerials1732700000000 } from './1732700000000-line-serials';

/** Listed explicitly, in order: nothing is discovered by glob. */
export const SHIPMENTS_MIGRATIONS = [
  ShipmentsInitial1732400000000,
  LineSerials1732700000000,
  idempotencyClaimOwnerMigration('shipments', 1732800000000),
  idempotencyClaimCommittedMigration('shipments', 1732900000000),
  importsTableMigration('shipments', 1733000000000),
];
