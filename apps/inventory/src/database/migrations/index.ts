import { InventoryInitial1732300000000 } from './1732300000000-inventory-initial';
import { InventoryDemoMarker1732300000001 } from './1732300000001-inventory-demo-marker';

/** Listed explicitly, in order: nothing is discovered by glob. */
export const INVENTORY_MIGRATIONS = [InventoryInitial1732300000000, InventoryDemoMarker1732300000001];
