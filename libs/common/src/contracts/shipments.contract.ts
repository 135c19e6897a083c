import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { defineEvent } from './envelope';
import { SkuQuantity } from './shared-payloads';

export const SHIPMENT_STATUSES = ['created', 'in_transit', 'at_port', 'held', 'released', 'delivered'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const HOLD_REASONS = [
  'inspection', 'documentation', 'classification_dispute', 'regulatory_review', 'duties_unpaid', 'other',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** What every shipment event says of the shipment: who it is for and what it carries. */
export class ShipmentFacts {
  @IsUUID() shipmentId!: string;
  @IsString() reference!: string;
  @IsString() destinationCode!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => SkuQuantity) lines!: SkuQuantity[];
}

export class ShipmentCreated extends ShipmentFacts {
  @IsString() originCountry!: string;
  @IsOptional() @IsISO8601() eta?: string;
}

export class ShipmentStatusChanged extends ShipmentFacts {
  @IsIn(SHIPMENT_STATUSES) status!: ShipmentStatus;
  @IsISO8601() at!: string;
  @IsOptional() @IsISO8601() eta?: string;
}

export class CustomsHoldOpened extends ShipmentFacts {
  @IsUUID() holdId!: string;
  @IsIn(HOLD_REASONS) reason!: HoldReason;
  @IsOptional() @IsString() agency?: string;
  @IsOptional() @IsString() portOfEntry?: string;
  @IsISO8601() openedAt!: string;
}

export class CustomsHoldReleased extends ShipmentFacts {
  @IsUUID() holdId!: string;
  @IsISO8601() releasedAt!: string;
}

/** Inventory receives every line at `destinationCode`, exactly once per shipment. */
export class ShipmentDelivered extends ShipmentFacts {
  @IsISO8601() deliveredAt!: string;
}

export class ShipmentEtaChanged extends ShipmentFacts {
  @IsISO8601() eta!: string;
}

export const ShipmentEvents = {
  created: defineEvent('shipments.shipment.created', ShipmentCreated),
  statusChanged: defineEvent('shipments.shipment.status_changed', ShipmentStatusChanged),
  holdOpened: defineEvent('shipments.customs_hold.opened', CustomsHoldOpened),
  holdReleased: defineEvent('shipments.customs_hold.released', CustomsHoldReleased),
  delivered: defineEvent('shipments.shipment.delivered', ShipmentDelivered),
  etaChanged: defineEvent('shipments.shipment.eta_changed', ShipmentEtaChanged),
} as const;
