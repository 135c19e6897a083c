import { ShipmentsInitial1732400000000 } from './1732400000000-shipments-initial';

/** Listed explicitly, in order: nothing is discovered by glob. */
export const SHIPMENTS_MIGRATIONS = [ShipmentsInitial1732400000000];
