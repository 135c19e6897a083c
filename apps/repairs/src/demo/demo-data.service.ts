import { claimDemoSeed, runInContext, SERVICE_CONFIG, type ServiceConfig, Transactions } from '@app/common';
import { MS_PER_DAY } from '@app/common/domain';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MachinesService } from '../machines/machines.service';
import { TicketsRepository } from '../tickets/tickets.repository';
import { TicketsService } from '../tickets/tickets.service';
import { DemoMachine, PAST_DAYS, pastTickets, seededRandom } from './past-tickets';
import type { TicketStatus } from '../tickets/ticket.rules';

const SITES = ['TX-ROCKDALE', 'ND-WILLISTON', 'OK-ENID', 'AR-BLYTHEVILLE'];
const MODELS = [
  { model: 'S19', hashrateThs: 95, powerW: 3250, share: 0.25 },
  { model: 'S21', hashrateThs: 200, powerW: 3500, share: 0.3 },
  { model: 'T21', hashrateThs: 190, powerW: 3610, share: 0.15 },
  { model: 'M50', hashrateThs: 118, powerW: 3300, share: 0.12 },
  { model: 'M60', hashrateThs: 172, powerW: 3420, share: 0.12 },
  { model: 'Avalon A1466', hashrateThs: 150, powerW: 3230, share: 0.06 },
];
const CENTERS = ['AR-REPAIR', 'ND-REPAIR', 'OK-REPAIR'];
const FLEET_SIZE = 3200;
/** The open tickets were opened at random over this many days before the first start. */
const OPEN_TICKETS_SPREAD_DAYS = 21;

/** The path each demo ticket walks, and for those awaiting parts, what they wait for. */
const TICKET_PLANS: Array<{ path: TicketStatus[]; component: 'psu' | 'fan' | 'hashboard' | 'control_board'; waitFor?: string; degraded?: number }> = [
  ...Array.from({ length: 6 }, () => ({ path: [] as TicketStatus[], component: 'psu' as const })),
  ...Array.from({ length: 5 }, () => ({ path: ['received', 'diagnosing'] as TicketStatus[], component: 'fan' as const })),
  ...Array.from({ length: 7 }, () => ({ path: ['received', 'diagnosing'] as TicketStatus[], component: 'psu' as const, waitFor: 'PSU-APW12' })),
  ...Array.from({ length: 5 }, () => ({ path: ['received', 'diagnosing'] as TicketStatus[], component: 'fan' as const, waitFor: 'FAN-12038' })),
  ...Array.from({ length: 6 }, () => ({ path: ['received', 'diagnosing'] as TicketStatus[], component: 'hashboard' as const, waitFor: 'HB-S21-200' })),
  ...Array.from({ length: 4 }, () => ({ path: ['received', 'diagnosing', 'repairing'] as TicketStatus[], component: 'control_board' as const })),
  ...Array.from({ length: 2 }, () => ({ path: ['received', 'diagnosing', 'repairing', 'testing'] as TicketStatus[], component: 'psu' as const })),
  ...Array.from({ length: 3 }, () => ({ path: ['received', 'diagnosing', 'repairing', 'testing', 'ready_to_return', 'returned'] as TicketStatus[], component: 'fan' as const })),
  { path: ['received', 'scrapped'], component: 'hashboard' },
  { path: ['cancelled'], component: 'psu' },
  ...Array.from({ length: 3 }, () => ({ path: [] as TicketStatus[], component: 'hashboard' as const, degraded: 0.66 })),
];

/**
 * First-start demo data (DEMO_DATA=true): a fleet over four sites, registered through the bulk import
 * path; the last 90 days of closed repairs (see past-tickets), so turnaround reports and live
 * projections have history to show; and about forty open tickets in various states, some awaiting
 * PSUs, fans and hashboards at the three repair centers. A marker row makes it run once.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('demo-data');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly transactions: Transactions,
    private readonly machines: MachinesService,
    private readonly tickets: TicketsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    if (!(await this.transactions.run((unit) => claimDemoSeed(unit, 'fleet')))) return;
    await runInContext({ correlationId: 'demo-data', apiKeyName: 'demo-data' }, () => this.seed());
  }

  private async seed(): Promise<void> {
    const next = seededRandom(42);
    const fleet: DemoMachine[] = [];
    async function* csv(): AsyncGenerator<string> {
      yield 'serial,model,siteCode,hashrateThs,powerW\n';
      for (let index = 0; index < FLEET_SIZE; index++) {
        let pick = next();
        const model = MODELS.find((candidate) => (pick -= candidate.share) < 0) ?? MODELS[0];
        const site = SITES[Math.floor(next() * SITES.length)];
        const serial = `DEMO-${model.model.replace(/\W/g, '')}-${String(index).padStart(5, '0')}`;
        fleet.push({ serial, model: model.model, siteCode: site, hashrateThs: model.hashrateThs });
        yield `${serial},${model.model},${site},${model.hashrateThs},${model.powerW}\n`;
      }
    }
    const imported = await this.machines.import(csv(), 'csv', { importId: randomUUID(), bytesTotal: null });
    // The past quarter first, so today's tickets on a machine repaired lately count as its re-failure.
    const past = pastTickets(fleet, CENTERS, new Date(), next);
    await this.transactions.run(async (unit) => {
      for (const plan of past) {
        await TicketsRepository.insertPast(unit, {
          id: randomUUID(), machine: plan.machine, component: plan.component, faultCode: `${plan.component.toUpperCase()}-FAULT`,
          repairCenterCode: plan.repairCenterCode, history: plan.history, partsConsumed: plan.partsConsumed, actor: 'demo-data',
        });
      }
    });
    let opened = 0;
    for (const [index, plan] of TICKET_PLANS.entries()) {
      const candidates = plan.component === 'hashboard' && plan.waitFor ? fleet.filter((m) => m.model === 'S21') : fleet;
      const machine = candidates[(index * 37) % candidates.length];
      const center = CENTERS[index % CENTERS.length];
      const ticket = await this.tickets.create({
        machineSerial: machine.serial, component: plan.component, repairCenterCode: center,
        faultCode: `${plan.component.toUpperCase()}-FAULT`,
        ...(plan.degraded !== undefined ? { degraded: true, remainingHashrateFraction: plan.degraded } : {}),
      });
      for (const to of plan.path) await this.tickets.transition(ticket.id, { to, note: 'demo' });
      if (plan.waitFor) {
        // Queued directly: inventory may not be up yet, and its stock will serve the queue when it arrives.
        await this.transactions.run(async (unit) => {
          const row = (await TicketsRepository.find(unit, ticket.id, true))!;
          await TicketsRepository.enqueue(unit, randomUUID(), row.id, plan.waitFor!, center, 1 + (index % 2));
          await this.tickets.moveInUnit(unit, row, 'awaiting_parts', `waiting for ${plan.waitFor}`, 'demo-data');
        });
      }
      // Opened over the last three weeks, not all at this first start, so the idle history runs on into today.
      await this.transactions.run((unit) => TicketsRepository.backdateOpen(unit, ticket.id, (next() * OPEN_TICKETS_SPREAD_DAYS * MS_PER_DAY) / 1000));
      opened++;
    }
    this.logger.log(`demo data: ${imported.created} machines, ${opened} open tickets, ${past.length} closed over the past ${PAST_DAYS} days`);
  }
}
