import { PageQuery, SerialList, STOCK_RECEIPT_SOURCES } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, NotEquals,
} from 'class-validator';
import { SKU_MESSAGE, SKU_PATTERN } from '../parts/part.dto';
import { SERIAL_CONFLICT_REASONS, type SerialConflictReason } from './serial-conflicts.rules';
import { LEDGER_TYPES, type LedgerType } from './stock.rules';

export const MAX_QUANTITY = 1_000_000;

export class BalanceDto {
  @ApiProperty() onHand!: number;
  @ApiProperty() reserved!: number;
  @ApiProperty({ description: 'onHand - reserved' }) available!: number;
  @ApiProperty({ description: 'Sent here by transfers that have not landed yet' }) inTransit!: number;
}

export class ReceiptDto {
  @ApiProperty({ example: 'HB-S19-PRO' })
  @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty({ example: 'AR-REPAIR' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  locationCode!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY })
  @IsInt() @Min(1) @Max(MAX_QUANTITY)
  quantity!: number;

  @ApiPropertyOptional({ type: [String], description: 'Required for serialized parts: exactly `quantity` unique serials' })
  @IsOptional() @SerialList(10_000)
  serials?: string[];

  @ApiPropertyOptional({ example: 'PO-2025-0042' })
  @IsOptional() @IsString() @MaxLength(200)
  reference?: string;
}

export class AdjustmentDto {
  @ApiProperty() @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100)
  locationCode!: string;

  @ApiProperty({ description: 'Non-zero: positive adds, negative removes (never below what is reserved)', example: -2 })
  @IsInt() @NotEquals(0) @Min(-MAX_QUANTITY) @Max(MAX_QUANTITY)
  delta!: number;

  @ApiProperty({ example: 'cycle count' }) @IsString() @IsNotEmpty() @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Serialized parts only. Adding: exactly `delta` new serials (else the units come in untracked). Removing: which serials leave, at most `-delta`; units not named take the first other serials in stock there',
  })
  @IsOptional() @SerialList(10_000)
  serials?: string[];
}

export class TransferRequestDto {
  @ApiProperty() @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty({ example: 'AR-REPAIR' }) @IsString() @IsNotEmpty() @MaxLength(100)
  fromLocationCode!: string;

  @ApiProperty({ example: 'OK-REPAIR' }) @IsString() @IsNotEmpty() @MaxLength(100)
  toLocationCode!: string;

  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_QUANTITY)
  quantity!: number;

  @ApiPropertyOptional({ type: [String], description: 'Serialized parts: which serials travel, at most `quantity`; units not named take the first other serials in stock at the origin' })
  @IsOptional() @SerialList(10_000)
  serials?: string[];
}

export class ReorderPointDto {
  @ApiProperty() @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100)
  locationCode!: string;

  @ApiProperty({ minimum: 0, description: 'Alert (inventory.stock.low) when available drops below this' })
  @IsInt() @Min(0) @Max(MAX_QUANTITY)
  reorderPoint!: number;
}

export class StockItemDto extends BalanceDto {
  @ApiProperty() sku!: string;
  @ApiProperty() locationCode!: string;
  @ApiProperty({ nullable: true, type: Number }) reorderPoint!: number | null;
}

export class StockPageDto {
  @ApiProperty({ type: [StockItemDto] }) items!: StockItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class LedgerEntryDto {
  @ApiProperty({ description: 'Increasing: the ledger order' }) id!: number;
  @ApiProperty() at!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() locationCode!: string;
  @ApiProperty({ enum: LEDGER_TYPES }) type!: LedgerType;
  @ApiProperty({ description: 'Signed change to on-hand (negative for transfer_out and consume)' }) quantity!: number;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() actor!: string;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) items!: LedgerEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MovementDto {
  @ApiProperty({ type: LedgerEntryDto }) entry!: LedgerEntryDto;
  @ApiProperty({ type: [String] }) serials!: string[];
  @ApiProperty({ type: BalanceDto, description: 'The balance at the location after the movement' }) balance!: BalanceDto;
}

export class StockQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  locationCode?: string;
}

export class TransferDto {
  @ApiProperty() id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() fromLocationCode!: string;
  @ApiProperty() toLocationCode!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ type: [String] }) serials!: string[];
  @ApiProperty({ enum: ['in_transit', 'received'] }) status!: 'in_transit' | 'received';
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) receivedAt!: string | null;
  @ApiProperty() createdBy!: string;
}

export class TransferPageDto {
  @ApiProperty({ type: [TransferDto] }) items!: TransferDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class TransferQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional({ enum: ['in_transit', 'received'] }) @IsOptional() @IsIn(['in_transit', 'received'])
  status?: 'in_transit' | 'received';
}

export class SerialEventDto {
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'received (receipt)', description: 'received (source), adjusted_in, adjusted_out, transfer_out, transfer_in, consumed' }) event!: string;
  @ApiProperty({ nullable: true, type: String }) locationCode!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Receipt reference, adjustment reason, transfer id, or the ticket that consumed it' })
  reference!: string | null;
}

export const SERIAL_STATUSES = ['in_stock', 'in_transit', 'consumed', 'removed'] as const;

export class SerialSummaryDto {
  @ApiProperty() serial!: string;
  @ApiProperty() sku!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Where it is (in transit: where it is going; consumed or removed: where it left stock)' })
  locationCode!: string | null;
  @ApiProperty({ enum: SERIAL_STATUSES }) status!: string;
  @ApiProperty() updatedAt!: string;
}

export class SerialDto extends SerialSummaryDto {
  @ApiProperty({ type: [SerialEventDto] }) history!: SerialEventDto[];
}

export class LabelSerialsDto {
  @ApiProperty({ example: 'HB-S19-PRO' }) @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty({ example: 'AR-REPAIR' }) @IsString() @IsNotEmpty() @MaxLength(100)
  locationCode!: string;

  @ApiProperty({ type: [String], description: 'Unique serials for units on hand there that have none yet' })
  @ArrayMinSize(1) @SerialList(10_000)
  serials!: string[];

  @ApiPropertyOptional({ example: 'scan of shipment SHP-1042' }) @IsOptional() @IsString() @MaxLength(200)
  reference?: string;
}

export class SerialLabelsDto {
  @ApiProperty() sku!: string;
  @ApiProperty() locationCode!: string;
  @ApiProperty({ type: [String] }) serials!: string[];
  @ApiProperty({ description: 'Units on hand there still without a serial' }) untracked!: number;
}

export class SerialPageDto {
  @ApiProperty({ type: [SerialSummaryDto] }) items!: SerialSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SerialQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  locationCode?: string;

  @ApiPropertyOptional({ enum: SERIAL_STATUSES }) @IsOptional() @IsIn(SERIAL_STATUSES)
  status?: (typeof SERIAL_STATUSES)[number];
}

export class AuditMismatchDto {
  @ApiProperty() sku!: string;
  @ApiProperty() locationCode!: string;
  @ApiProperty({
    description: 'onHand, reserved or inTransit: the stored balance and what its history gives; serialsInStock: more serials listed in stock there (stored) than units on hand (recomputed)',
  })
  field!: string;
  @ApiProperty() stored!: number;
  @ApiProperty() recomputed!: number;
}

export class AuditDto {
  @ApiProperty({
    description: 'True when every stored balance equals what the ledger, open reservations and open transfers give, and no location lists more serials in stock than units on hand',
  })
  ok!: boolean;
  @ApiProperty() rowsChecked!: number;
  @ApiProperty({ type: [AuditMismatchDto] }) mismatches!: AuditMismatchDto[];
}

export class KnownSerialDto {
  @ApiProperty() sku!: string;
  @ApiProperty({ enum: SERIAL_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String }) locationCode!: string | null;
}

export class SerialConflictDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() serial!: string;
  @ApiProperty({ description: 'The part the receipt was for' }) sku!: string;
  @ApiProperty({ description: 'Where the receipt brought the unit (untracked)' }) locationCode!: string;
  @ApiProperty({ enum: STOCK_RECEIPT_SOURCES }) source!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The shipment reference or harvesting ticket' }) reference!: string | null;
  @ApiProperty({
    enum: SERIAL_CONFLICT_REASONS,
    description: 'already_tracked: in stock or in transit elsewhere; other_part: another part has it; repeated: named twice by the receipt; more_than_units: more serials than units; part_not_serialized',
  })
  reason!: SerialConflictReason;
  @ApiProperty({ nullable: true, type: KnownSerialDto, description: 'The serial as stock knew it when the receipt named it (already_tracked, other_part)' })
  known!: KnownSerialDto | null;
  @ApiProperty() notedAt!: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolution!: string | null;
}

export class SerialConflictPageDto {
  @ApiProperty({ type: [SerialConflictDto] }) items!: SerialConflictDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export const SERIAL_CONFLICT_STATES = ['open', 'resolved', 'all'] as const;

export class SerialConflictQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SERIAL_CONFLICT_STATES, default: 'open' }) @IsOptional() @IsIn(SERIAL_CONFLICT_STATES)
  status?: (typeof SERIAL_CONFLICT_STATES)[number];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  locationCode?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  serial?: string;
}

export class ResolveSerialConflictDto {
  @ApiProperty({ example: 'ASN listed the wrong board; ND-REPAIR scanned HB-0042 on its shelf' })
  @IsString() @IsNotEmpty() @MaxLength(500)
  resolution!: string;
}
