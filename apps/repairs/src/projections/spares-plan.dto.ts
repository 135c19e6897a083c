import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { COMPONENT_KINDS, MAX_HORIZON_DAYS } from '../projection';
import { ParameterDto, ProblemDto } from './projection.dto';

/** Give exactly one of budgetUsd and targetAvailability. */
export class SparesPlanRequestDto extends ProblemDto {
  @ApiPropertyOptional({ example: '25000.00', description: 'Money to spend on extra spares, a decimal string' })
  @IsOptional() @IsString() @Matches(/^\d{1,13}(\.\d{1,2})?$/, { message: 'budgetUsd must be a decimal string like "25000.00"' })
  budgetUsd?: string;

  @ApiPropertyOptional({ example: 0.999, minimum: 0, exclusiveMaximum: true, maximum: 1, description: 'Fleet availability to reach at least cost' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(0.999999)
  targetAvailability?: number;

  @ApiPropertyOptional({ example: 365, minimum: 1, maximum: MAX_HORIZON_DAYS, default: 365, description: 'Horizon a cutting scenario is judged over' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_HORIZON_DAYS)
  horizonDays?: number;
}

export class SparesLocationDto {
  @ApiProperty({ example: 'AR-REPAIR' }) locationCode!: string;
  @ApiProperty({ example: 7 }) addedSpares!: number;
}

export class SparesAllocationDto {
  @ApiProperty({ enum: COMPONENT_KINDS }) component!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Bitmain' }) maker!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Repair center of the pool; null: the fleet-wide pool' }) center!: string | null;
  @ApiProperty({ example: 12, description: 'Spares to buy' }) addedSpares!: number;
  @ApiProperty({ example: 62, description: 'Spares after buying' }) spares!: number;
  @ApiProperty({ example: '150.00' }) unitCostUsd!: string;
  @ApiProperty({ example: '1800.00' }) costUsd!: string;
  @ApiProperty() expectedBackorders!: number;
  @ApiProperty({
    type: [SparesLocationDto],
    description: 'Where to stock the added spares: split across repair centers by their tickets for this component over the last 365 days (empty without history)',
  })
  byLocation!: SparesLocationDto[];
}

export class SparesOutcomeDto {
  @ApiProperty() expectedIdleMachines!: number;
  @ApiProperty() availability!: number;
  @ApiProperty() lostHashrateThs!: number;
  @ApiProperty() lostRevenueUsdPerDay!: number;
}

export class SparesPlanDto {
  @ApiProperty({ type: [SparesAllocationDto] }) allocation!: SparesAllocationDto[];
  @ApiProperty({ example: '24950.00' }) totalCostUsd!: string;
  @ApiProperty({ description: 'False when the target availability was out of reach' }) goalMet!: boolean;
  @ApiProperty({ type: SparesOutcomeDto }) before!: SparesOutcomeDto;
  @ApiProperty({ type: SparesOutcomeDto }) after!: SparesOutcomeDto;
  @ApiProperty({ type: [ParameterDto] }) parameters!: ParameterDto[];
}
