import { idempotencyClaimCommittedMigration, idempotencyClaimOwnerMigration, importsTableMigration } from '@app/common';
import { InventoryInitial1732300000000 } from './1732300000000-inventory-initial';
import { SerialsFollowCounts1732700000000 } from './1732700000000-serials-follow-counts';
import { SerialConflicts1733000000000 } from './1733000000000-serial-conflicts';

/** Listed explicitly, in order: nothing is discovered by glob. */
export const INVENTORY_MIGRATIONS = [
  InventoryInitial1732300000000,
  SerialsFollowCounts1732700000000,
  idempotencyClaimOwnerMigration('inventory', 1732800000000),
  idempotencyClaimCommittedMigration('inventory', 1732900000000),
  SerialConflicts1733000000000,
  importsTableMigration('inventory', 1733100000000),
];
