import { PageQuery, SerialList } from '@app/common';
import { MAX_SERIALS_PER_EVENT } from '@app/common/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { IsHtsCode, IsUsdAmount } from '../validation/field-validators';
import { IsCountryCode } from '../validation/iso-countries';
import { HOLD_REASONS, type HoldReason, SHIPMENT_STATUSES, type ShipmentStatus, TRACKING_EVENT_TYPES, type TrackingEventType } from './shipment-status.rules';

export const ALLOCATION_BASES = ['value', 'quantity'] as const;
export type AllocationBasisName = (typeof ALLOCATION_BASES)[number];

export class ShipmentLineInput {
  @ApiProperty({ example: 'PSU-APW12' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  sku!: string;

  @ApiProperty({ example: 40, minimum: 1 })
  @IsInt() @Min(1) @Max(1_000_000_000)
  quantity!: number;

  @ApiProperty({ example: '5200.00', description: 'Customs value of the whole line (all its units)' })
  @IsUsdAmount()
  declaredValueUsd!: string;

  @ApiProperty({ example: '8504.40.95', description: 'HTS code, dots optional' })
  @IsHtsCode()
  hsCode!: string;

  @ApiProperty({ example: 'CN' })
  @IsCountryCode()
  countryOfOrigin!: string;

  @ApiPropertyOptional({ description: 'HTSUS 9802: an article returned after repair abroad pays duty on repairValueUsd only' })
  @IsOptional() @IsBoolean()
  returnAfterRepair?: boolean;

  @ApiPropertyOptional({ example: '300.00', description: 'Value of the repair abroad; required with returnAfterRepair' })
  @IsOptional() @IsUsdAmount()
  repairValueUsd?: string;

  @ApiPropertyOptional({
    type: [String],
    description: `Serialized parts (hashboards), when the advance shipping notice lists them: one per unit, none repeated in the shipment, at most ${MAX_SERIALS_PER_EVENT} in all. Inventory receives the units under these serials on delivery`,
  })
  @IsOptional() @SerialList(MAX_SERIALS_PER_EVENT)
  serials?: string[];
}

export class CreateShipmentDto {
  @ApiProperty({ example: 'PO-2025-0412', description: 'The ERP reference; unique (409 when repeated)' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  reference!: string;

  @ApiProperty({ example: 'CN' })
  @IsCountryCode()
  originCountry!: string;

  @ApiPropertyOptional({ example: 'Shenzhen' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  originLocation?: string;

  @ApiProperty({ example: 'AR-REPAIR', description: 'An inventory location code (400 when unknown)' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  destinationCode!: string;

  @ApiPropertyOptional({ example: 'Houston' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  portOfEntry?: string;

  @ApiPropertyOptional({ example: 'COSCO' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  carrier?: string;

  @ApiPropertyOptional({ example: 'COSU6123456780' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  trackingNumber?: string;

  @ApiPropertyOptional({ enum: ALLOCATION_BASES, default: 'value', description: 'How freight and entry fees are split over lines' })
  @IsOptional() @IsIn(ALLOCATION_BASES)
  allocationBasis?: AllocationBasisName;

  @ApiPropertyOptional({ example: '1800.00', default: '0.00', description: 'Freight for the whole shipment' })
  @IsOptional() @IsUsdAmount()
  freightUsd?: string;

  @ApiProperty({ type: [ShipmentLineInput] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ShipmentLineInput)
  lines!: ShipmentLineInput[];
}

export class ShipmentLineDto {
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ example: '5200.00' }) declaredValueUsd!: string;
  @ApiProperty({ example: '85044095', description: 'Digits only' }) hsCode!: string;
  @ApiProperty() countryOfOrigin!: string;
  @ApiProperty() returnAfterRepair!: boolean;
  @ApiProperty({ nullable: true, type: String }) repairValueUsd!: string | null;
  @ApiProperty({ type: [String], description: 'Serials of the units, when the shipment named them' }) serials!: string[];
}

export class EtaBasisDto {
  @ApiProperty({ enum: ['lane_history', 'default', 'delivered'] }) source!: 'lane_history' | 'default' | 'delivered';
  @ApiProperty({ description: 'Delivered shipments on this lane behind the transit median' }) transitSampleSize!: number;
  @ApiProperty({ description: 'Median (or default) transit days, holds excluded' }) transitDays!: number;
  @ApiProperty({ description: 'Expected customs dwell: hold probability × mean days held' }) expectedDwellDays!: number;
  @ApiProperty({ description: 'Delivered shipments (any lane) behind the dwell estimate' }) dwellSampleSize!: number;
  @ApiProperty({ nullable: true, type: Number }) holdProbability!: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanHoldDays!: number | null;
  @ApiProperty({ description: 'Departure, or creation before departure' }) from!: string;
}

export class ShipmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: SHIPMENT_STATUSES }) status!: ShipmentStatus;
  @ApiProperty() originCountry!: string;
  @ApiProperty({ nullable: true, type: String }) originLocation!: string | null;
  @ApiProperty() destinationCode!: string;
  @ApiProperty({ nullable: true, type: String }) portOfEntry!: string | null;
  @ApiProperty({ nullable: true, type: String }) carrier!: string | null;
  @ApiProperty({ nullable: true, type: String }) trackingNumber!: string | null;
  @ApiProperty({ enum: ALLOCATION_BASES }) allocationBasis!: AllocationBasisName;
  @ApiProperty({ example: '1800.00' }) freightUsd!: string;
  @ApiProperty({ type: [ShipmentLineDto] }) lines!: ShipmentLineDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Estimated (or, once delivered, actual) arrival at the destination' }) eta!: string | null;
  @ApiProperty({ type: EtaBasisDto, nullable: true }) etaBasis!: EtaBasisDto | null;
  @ApiProperty({ nullable: true, type: String }) departedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) arrivedAtPortAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class TrackingEventInput {
  @ApiProperty({ enum: TRACKING_EVENT_TYPES })
  @IsIn(TRACKING_EVENT_TYPES)
  type!: TrackingEventType;

  @ApiProperty({ example: '2025-05-02T14:00:00Z', description: 'When it happened; may be in the past, not before the previous event' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiPropertyOptional({ example: 'Port of Houston', description: 'A known bonded_warehouse location code on customs_hold marks a bonded entry' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  location?: string;

  @ApiPropertyOptional({ example: 'CBP inspection bench' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ enum: HOLD_REASONS, description: 'Required on customs_hold, refused otherwise' })
  @IsOptional() @IsIn(HOLD_REASONS)
  holdReason?: HoldReason;

  @ApiPropertyOptional({ example: 'CBP' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  agency?: string;

  @ApiPropertyOptional({ example: '35.00', description: 'customs_hold only: daily storage (demurrage) rate while held' })
  @IsOptional() @IsUsdAmount()
  dailyStorageRateUsd?: string;

  @ApiPropertyOptional({ example: 5, description: 'customs_hold only: storage days free of charge (default 0)' })
  @IsOptional() @IsInt() @Min(0) @Max(365)
  freeStorageDays?: number;
}

export class TrackingEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TRACKING_EVENT_TYPES }) type!: TrackingEventType;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, enum: HOLD_REASONS }) holdReason!: HoldReason | null;
  @ApiProperty({ nullable: true, type: String }) agency!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class TrackingEventResultDto {
  @ApiProperty({ type: TrackingEventDto, description: 'The event stored (or, for a repeat, the one already stored)' }) event!: TrackingEventDto;
  @ApiProperty({ type: ShipmentDto }) shipment!: ShipmentDto;
}

export class DutySummaryDto {
  @ApiProperty({ example: '2025-05-02' }) entryDate!: string;
  @ApiProperty({ enum: ['arrived_at_port', 'bonded_warehouse_release', 'today'] }) entryDateBasis!: string;
  @ApiProperty({ description: 'True while the entry date is today and will move' }) provisional!: boolean;
  @ApiProperty({ example: '2860.00' }) totalDutyUsd!: string;
  @ApiProperty({ example: '9912.41' }) landedCostUsd!: string;
}

export class ShipmentHoldSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: HOLD_REASONS }) reason!: HoldReason;
  @ApiProperty({ nullable: true, type: String }) agency!: string | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ nullable: true, type: String }) releasedAt!: string | null;
  @ApiProperty() daysHeld!: number;
}

export class ShipmentDetailDto extends ShipmentDto {
  @ApiProperty({ type: [TrackingEventDto], description: 'Oldest first' }) events!: TrackingEventDto[];
  @ApiProperty({ type: [ShipmentHoldSummaryDto] }) holds!: ShipmentHoldSummaryDto[];
  @ApiProperty({ type: DutySummaryDto }) duty!: DutySummaryDto;
}

export class ShipmentQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'PO-2025-0412' })
  @IsOptional() @IsString()
  reference?: string;

  @ApiPropertyOptional({ enum: SHIPMENT_STATUSES })
  @IsOptional() @IsIn(SHIPMENT_STATUSES)
  status?: ShipmentStatus;
}
