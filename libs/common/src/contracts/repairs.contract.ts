import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { defineEvent } from './envelope';
import { SkuQuantity } from './shared-payloads';

export const COMPONENTS = ['hashboard', 'fan', 'psu', 'control_board', 'other'] as const;
export type Component = (typeof COMPONENTS)[number];

export const TICKET_STATUSES = [
  'reported', 'received', 'diagnosing', 'awaiting_parts', 'repairing', 'testing',
  'ready_to_return', 'returned', 'scrapped', 'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export class TicketOpened {
  @IsUUID() ticketId!: string;
  @IsString() machineSerial!: string;
  @IsString() siteCode!: string;
  @IsString() model!: string;
  @IsIn(COMPONENTS) component!: Component;
  @IsString() repairCenterCode!: string;
  @IsIn(['reported']) status!: 'reported';
}

export class TicketStatusChanged {
  @IsUUID() ticketId!: string;
  @IsString() machineSerial!: string;
  @IsString() repairCenterCode!: string;
  @IsIn(TICKET_STATUSES) from!: TicketStatus;
  @IsIn(TICKET_STATUSES) to!: TicketStatus;
  @IsOptional() @IsString() note?: string;
}

/** Working parts taken from a scrapped machine: inventory receives them at the repair center once. */
export class PartsHarvested {
  @IsUUID() ticketId!: string;
  @IsString() machineSerial!: string;
  @IsString() locationCode!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => SkuQuantity) lines!: SkuQuantity[];
}

export class MachinesRegistered {
  @IsInt() @Min(0) created!: number;
  @IsInt() @Min(0) updated!: number;
  @IsOptional() @IsString() importId?: string;
}

export const RepairEvents = {
  ticketOpened: defineEvent('repairs.ticket.opened', TicketOpened),
  ticketStatusChanged: defineEvent('repairs.ticket.status_changed', TicketStatusChanged),
  partsHarvested: defineEvent('repairs.ticket.parts_harvested', PartsHarvested),
  machinesRegistered: defineEvent('repairs.machines.registered', MachinesRegistered),
} as const;
