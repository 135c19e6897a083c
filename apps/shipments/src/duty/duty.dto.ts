import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ALLOCATION_BASES, type AllocationBasisName, ShipmentLineInput } from '../shipments/shipment.dto';
import { IsCalendarDate, IsUsdAmount } from '../validation/field-validators';
import { IsCountryCode } from '../validation/iso-countries';

export class ProgramDutyDto {
  @ApiProperty({ example: 'base' }) program!: string;
  @ApiProperty({ format: 'uuid' }) tariffId!: string;
  @ApiProperty({ example: '850440', description: 'The winning tariff prefix' }) hsCode!: string;
  @ApiProperty({ example: '55' }) ratePct!: string;
  @ApiProperty({ example: '2860.00' }) dutyUsd!: string;
}

export class LineDutyDto {
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ example: '85044095' }) hsCode!: string;
  @ApiProperty({ example: 'CN' }) countryOfOrigin!: string;
  @ApiProperty({ example: '5200.00', description: 'Declared value, or the repair value under 9802' }) dutiableValueUsd!: string;
  @ApiProperty() returnedAfterRepair!: boolean;
  @ApiProperty({ example: '55', description: 'Sum of the stacked programs' }) ratePct!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The base program tariff (else the first); null when none applies' }) tariffId!: string | null;
  @ApiProperty({ type: [ProgramDutyDto] }) programs!: ProgramDutyDto[];
  @ApiProperty({ example: '2860.00' }) dutyUsd!: string;
  @ApiProperty({ enum: ['tariff', 'exempt_origin', 'no_tariff_in_force'] }) basis!: string;
  @ApiProperty({ example: '5200.00' }) declaredValueUsd!: string;
  @ApiProperty({ example: '900.00', description: 'Share of the freight' }) freightUsd!: string;
  @ApiProperty({ example: '30.27', description: 'Share of MPF + HMF' }) feesUsd!: string;
  @ApiProperty({ example: '8990.27' }) landedCostUsd!: string;
  @ApiProperty({ example: '224.76' }) unitLandedCostUsd!: string;
}

export class EntryFeesDto {
  @ApiProperty({ example: { ratePct: '0.3464', minimumUsd: '32.71', maximumUsd: '634.62' } })
  merchandiseProcessingFee!: { ratePct: string; minimumUsd: string; maximumUsd: string };
  @ApiProperty({ nullable: true, example: { ratePct: '0.125' } })
  harborMaintenanceFee!: { ratePct: string } | null;
}

export class ShipmentDutyDto {
  @ApiProperty({ format: 'uuid' }) shipmentId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ example: '2025-05-02' }) entryDate!: string;
  @ApiProperty({ enum: ['arrived_at_port', 'bonded_warehouse_release', 'today'] }) entryDateBasis!: string;
  @ApiProperty({ description: 'True while the entry date is today and will move' }) provisional!: boolean;
  @ApiProperty({ enum: ALLOCATION_BASES }) allocatedBy!: string;
  @ApiProperty({ type: [LineDutyDto] }) lines!: LineDutyDto[];
  @ApiProperty({ example: '5200.00' }) declaredValueUsd!: string;
  @ApiProperty({ example: '2860.00' }) totalDutyUsd!: string;
  @ApiProperty({ example: '900.00' }) freightUsd!: string;
  @ApiProperty({ example: '32.71' }) merchandiseProcessingFeeUsd!: string;
  @ApiProperty({ example: '6.50' }) harborMaintenanceFeeUsd!: string;
  @ApiProperty({ example: '8999.21', description: 'declared + duty + freight + fees' }) landedCostUsd!: string;
  @ApiProperty({ type: EntryFeesDto, description: 'The stored fee settings used' }) fees!: EntryFeesDto;
}

export class WhatIfAlternative {
  @ApiPropertyOptional({ example: 'from Malaysia', description: 'Defaults to a description of the change' })
  @IsOptional() @IsString() @MaxLength(100)
  label?: string;

  @ApiPropertyOptional({ example: 'MY', description: 'Replaces every line’s country of origin' })
  @IsOptional() @IsCountryCode()
  countryOfOrigin?: string;

  @ApiPropertyOptional({ example: '2025-04-20' })
  @IsOptional() @IsCalendarDate()
  entryDate?: string;

  @ApiPropertyOptional({ example: '2100.00', description: 'Freight for this alternative when it differs' })
  @IsOptional() @IsUsdAmount()
  freightUsd?: string;
}

export class WhatIfDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Use this shipment’s lines, freight and entry date (or give lines)' })
  @IsOptional() @IsUUID()
  shipmentId?: string;

  @ApiPropertyOptional({ type: [ShipmentLineInput], description: 'Lines to price when no shipmentId is given' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ShipmentLineInput)
  lines?: ShipmentLineInput[];

  @ApiPropertyOptional({ example: '1800.00', description: 'With lines: freight (default 0.00)' })
  @IsOptional() @IsUsdAmount()
  freightUsd?: string;

  @ApiPropertyOptional({ enum: ALLOCATION_BASES, default: 'value' })
  @IsOptional() @IsIn(ALLOCATION_BASES)
  allocationBasis?: AllocationBasisName;

  @ApiPropertyOptional({ example: '2025-05-02', description: 'With lines: the baseline entry date (default today)' })
  @IsOptional() @IsCalendarDate()
  entryDate?: string;

  @ApiProperty({ type: [WhatIfAlternative] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => WhatIfAlternative)
  alternatives!: WhatIfAlternative[];
}

export class ScenarioOutcomeDto {
  @ApiProperty() label!: string;
  @ApiProperty({ nullable: true, type: String }) countryOfOrigin!: string | null;
  @ApiProperty() entryDate!: string;
  @ApiProperty() totalDutyUsd!: string;
  @ApiProperty() landedCostUsd!: string;
  @ApiProperty({ example: '-1300.00', description: 'Against the baseline; negative is a saving' }) dutyChangeUsd!: string;
  @ApiProperty() landedCostChangeUsd!: string;
  @ApiProperty({ example: [{ sku: 'PSU-APW12', countryOfOrigin: 'MY', ratePct: '24', dutyUsd: '1248.00' }] })
  lines!: { sku: string; countryOfOrigin: string; ratePct: string; dutyUsd: string }[];
}

export class WhatIfResultDto {
  @ApiProperty({ type: ScenarioOutcomeDto }) baseline!: ScenarioOutcomeDto;
  @ApiProperty({ type: [ScenarioOutcomeDto] }) alternatives!: ScenarioOutcomeDto[];
  @ApiProperty({ description: 'Label with the lowest landed cost; the baseline wins ties' }) cheapest!: string;
}
