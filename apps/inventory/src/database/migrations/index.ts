import { InventoryInitial1732300000000 } from './1732300000000-inventory-initial';

/** Listed explicitly, in order: nothing is discovered by glob. */
export const INVENTORY_MIGRATIONS = [InventoryInitial1732300000000];
