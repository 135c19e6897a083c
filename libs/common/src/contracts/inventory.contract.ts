import { Type } from 'class-transformer';
import {
  IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { defineEvent, defineRequest } from './envelope';
import { StockBalance } from './shared-payloads';

export const PART_CATEGORIES = ['hashboard', 'fan', 'psu', 'control_board', 'other'] as const;
export type PartCategory = (typeof PART_CATEGORIES)[number];

export const LOCATION_KINDS = ['repair_center', 'mine_site', 'port', 'bonded_warehouse', 'supplier'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** Present on every fresh install, known to every service from first start. */
export const BUILT_IN_REPAIR_CENTERS = [
  { code: 'AR-REPAIR', name: 'Arkansas repair center', region: 'US-AR' },
  { code: 'ND-REPAIR', name: 'North Dakota repair center', region: 'US-ND' },
  { code: 'OK-REPAIR', name: 'Oklahoma repair center', region: 'US-OK' },
] as const;

export class PartCreated {
  @IsString() @IsNotEmpty() sku!: string;
  @IsString() name!: string;
  @IsIn(PART_CATEGORIES) category!: PartCategory;
  @IsArray() @IsString({ each: true }) compatibleModels!: string[];
  @IsBoolean() serialized!: boolean;
  @IsOptional() @IsString() unitCostUsd?: string;
}

export class LocationCreated {
  @IsString() @IsNotEmpty() code!: string;
  @IsString() name!: string;
  @IsIn(LOCATION_KINDS) kind!: LocationKind;
  @IsOptional() @IsString() region?: string;
}

/** Why stock on hand rose at a location. */
export const STOCK_RECEIPT_SOURCES = ['receipt', 'transfer', 'shipment', 'harvest'] as const;

/** Base of every stock event: the SKU, where, how many, and the balance after the change. */
export class StockMovement {
  @IsString() @IsNotEmpty() sku!: string;
  @IsString() @IsNotEmpty() locationCode!: string;
  @IsInt() quantity!: number;
  @ValidateNested() @Type(() => StockBalance) balance!: StockBalance;
  @IsOptional() @IsString() reference?: string;
}

export class StockReceived extends StockMovement {
  @IsIn(STOCK_RECEIPT_SOURCES) source!: (typeof STOCK_RECEIPT_SOURCES)[number];
}

export class StockAdjusted extends StockMovement {
  @IsString() reason!: string;
}

export class StockTransferDispatched extends StockMovement {
  @IsUUID() transferId!: string;
  @IsString() toLocationCode!: string;
}

export class ReservationChanged extends StockMovement {
  @IsUUID() reservationId!: string;
  @IsOptional() @IsString() ticketId?: string;
}

export class StockLow {
  @IsString() sku!: string;
  @IsString() locationCode!: string;
  @IsInt() available!: number;
  @IsInt() @Min(0) reorderPoint!: number;
}

export const InventoryEvents = {
  partCreated: defineEvent('inventory.part.created', PartCreated),
  locationCreated: defineEvent('inventory.location.created', LocationCreated),
  stockReceived: defineEvent('inventory.stock.received', StockReceived),
  stockAdjusted: defineEvent('inventory.stock.adjusted', StockAdjusted),
  transferDispatched: defineEvent('inventory.stock.transfer_dispatched', StockTransferDispatched),
  stockReserved: defineEvent('inventory.stock.reserved', ReservationChanged),
  stockReleased: defineEvent('inventory.stock.released', ReservationChanged),
  stockConsumed: defineEvent('inventory.stock.consumed', ReservationChanged),
  stockLow: defineEvent('inventory.stock.low', StockLow),
} as const;

/**
 * Repairs asks inventory to reserve for a ticket. `requestId` makes a retried request
 * return the reservation it already made instead of reserving twice.
 */
export class ReserveStockRequest {
  @IsUUID() requestId!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) sku!: string;
  @IsString() @IsNotEmpty() locationCode!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsOptional() @IsString() ticketId?: string;
  @IsOptional() @IsISO8601() expiresAt?: string;
}

export type ReserveStockReply =
  | { status: 'reserved'; reservationId: string; balance: StockBalance }
  | { status: 'short'; available: number; missing: number };

export class ReservationCommand {
  @IsUUID() reservationId!: string;
  /** Consume only: the serial (or `serials`) that went into the machine. */
  @IsOptional() @IsString() serial?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) serials?: string[];
}

/** `serials`: on consume, the serials consumed (named or picked by inventory); none for a part that is not serialized. */
export type ReservationCommandReply = { reservationId: string; status: string; serials?: string[] };

/** Outside `inventory.>`: a stream capturing a request subject would answer it with a PubAck. */
export const InventoryRequests = {
  reserve: defineRequest<ReserveStockRequest, ReserveStockReply>('rpc.inventory.reserve', ReserveStockRequest),
  release: defineRequest<ReservationCommand, ReservationCommandReply>('rpc.inventory.release', ReservationCommand),
  consume: defineRequest<ReservationCommand, ReservationCommandReply>('rpc.inventory.consume', ReservationCommand),
} as const;
