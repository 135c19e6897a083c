import { idempotencyClaimCommittedMigration, idempotencyClaimOwnerMigration, importsTableMigration } from '@app/common';
import { RepairsInitial1732400000000 } from './1732400000000-repairs-initial';
import { ProjectionScenarios1732500000000 } from './1732500000000-projection-scenarios';
import { FleetCounts1732600000000 } from './1732600000000-fleet-counts';
import { StripedIdleCounts1733000000000 } from './1733000000000-striped-idle-counts';
import { TicketWindowStatistics1733100000000 } from './1733100000000-ticket-window-statistics';
import { TicketOutcomes1733200000000 } from './1733200000000-ticket-outcomes';
import { TicketsByMachine1733300000000 } from './1733300000000-tickets-by-machine';
import { TicketRepeats1733400000000 } from './1733400000000-ticket-repeats';
import { IdleDays1733500000000 } from './1733500000000-idle-days';
import { TicketMovesByTime1733600000000 } from './1733600000000-ticket-moves-by-time';

/** Listed explicitly, in order: nothing is discovered by glob. */
export const REPAIRS_MIGRATIONS = [
  RepairsInitial1732400000000,
  ProjectionScenarios1732500000000,
  FleetCounts1732600000000,
  idempotencyClaimOwnerMigration('repairs', 1732700000000),
  idempotencyClaimCommittedMigration('repairs', 1732800000000),
  importsTableMigration('repairs', 1732900000000),
  StripedIdleCounts1733000000000,
  TicketWindowStatistics1733100000000,
  TicketOutcomes1733200000000,
  TicketsByMachine1733300000000,
  TicketRepeats1733400000000,
  IdleDays1733500000000,
  TicketMovesByTime1733600000000,
];
