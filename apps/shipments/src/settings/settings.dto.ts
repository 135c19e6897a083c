import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsRatePct, IsUsdAmount } from '../validation/field-validators';

export class SettingsDto {
  @ApiProperty({ example: '0.3464', description: 'Merchandise processing fee, % of the entry value' }) merchandiseProcessingFeeRatePct!: string;
  @ApiProperty({ example: '32.71' }) merchandiseProcessingFeeMinimumUsd!: string;
  @ApiProperty({ example: '634.62' }) merchandiseProcessingFeeMaximumUsd!: string;
  @ApiProperty({ example: '0.125', nullable: true, type: String, description: 'Harbor maintenance fee, % of value; null: not charged' })
  harborMaintenanceFeeRatePct!: string | null;
  @ApiProperty({ example: 35, description: 'ETA transit for a lane with no delivered shipment yet' }) defaultTransitDays!: number;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ example: '0.3464' }) @IsOptional() @IsRatePct() merchandiseProcessingFeeRatePct?: string | number;
  @ApiPropertyOptional({ example: '32.71' }) @IsOptional() @IsUsdAmount() merchandiseProcessingFeeMinimumUsd?: string;
  @ApiPropertyOptional({ example: '634.62' }) @IsOptional() @IsUsdAmount() merchandiseProcessingFeeMaximumUsd?: string;
  @ApiPropertyOptional({ example: '0.125', nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined) @IsRatePct()
  harborMaintenanceFeeRatePct?: string | number | null;
  @ApiPropertyOptional({ example: 35 }) @IsOptional() @IsInt() @Min(0) @Max(365) defaultTransitDays?: number;
}
