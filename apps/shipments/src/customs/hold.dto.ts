import { PageQuery } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { HOLD_REASONS, type HoldReason } from '../shipments/shipment-status.rules';

export class HoldQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only holds not yet released; false: only released ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class HeldLineDto {
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
}

export class StorageDto {
  @ApiProperty({ example: '35.00' }) dailyRateUsd!: string;
  @ApiProperty({ example: 5 }) freeDays!: number;
  @ApiProperty({ example: 9, description: 'Every started day after the free days' }) chargeableDays!: number;
  @ApiProperty({ example: '315.00' }) storageCostUsd!: string;
}

export class CustomsHoldDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shipmentId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: HOLD_REASONS }) reason!: HoldReason;
  @ApiProperty({ nullable: true, type: String }) agency!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: String }) portOfEntry!: string | null;
  @ApiProperty({ description: 'Held in a bonded warehouse (a known bonded_warehouse location on the hold event)' }) bonded!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ nullable: true, type: String }) releasedAt!: string | null;
  @ApiProperty({ example: 12.5, description: 'Days held so far (active) or in total (released), fractional' }) daysHeld!: number;
  @ApiProperty({ type: [HeldLineDto], description: 'The SKUs and quantities the hold blocks' }) lines!: HeldLineDto[];
  @ApiProperty({ type: StorageDto, nullable: true, description: 'When the hold event gave a dailyStorageRateUsd' }) storage!: StorageDto | null;
  @ApiProperty({ nullable: true, type: String, example: '315.00' }) storageCostUsd!: string | null;
}
