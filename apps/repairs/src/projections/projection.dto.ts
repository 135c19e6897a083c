import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength,
  Min, ValidateNested,
} from 'class-validator';
import { COMPONENT_KINDS, type ComponentKind, MAX_HORIZON_DAYS } from '../projection';

export const PROJECTION_METHODS = ['analytic', 'monte_carlo'] as const;
export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];

const DECIMAL_USD = /^\d{1,15}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FleetEntryDto {
  @ApiProperty({ example: 'S21' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  model!: string;

  @ApiProperty({ example: 10000, minimum: 0 })
  @IsInt() @Min(0) @Max(10_000_000)
  machines!: number;

  @ApiProperty({ example: 200, description: 'Hashrate per machine, TH/s' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  hashrateThs!: number;

  @ApiPropertyOptional({ example: 'Bitmain', description: 'Default: follows from the model (S19/S21/T21 Bitmain, M-series MicroBT, Avalon Canaan)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  maker?: string;
}

export class ComponentEntryDto {
  @ApiProperty({ enum: COMPONENT_KINDS })
  @IsIn(COMPONENT_KINDS)
  component!: ComponentKind;

  @ApiPropertyOptional({ example: 0.1, description: 'Failures of this component per machine-year' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  annualFailureRate?: number;

  @ApiPropertyOptional({ example: 21, description: 'Mean days from failure until the part is back, customs excluded' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(3650)
  turnaroundDays?: number;

  @ApiPropertyOptional({ example: 50, description: 'Stock of this component available to the fleet' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000)
  spares?: number;

  @ApiPropertyOptional({ example: 1, description: 'Share of a machine’s hashrate lost while the part is missing (default 1)' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  hashrateLossFraction?: number;

  @ApiPropertyOptional({ example: '150.00', description: 'Unit cost in USD (spares plan); a decimal string' })
  @IsOptional() @IsString() @Matches(DECIMAL_USD, { message: 'unitCostUsd must be a decimal string like "150.00"' })
  unitCostUsd?: string;
}

export class CustomsDto {
  @ApiPropertyOptional({ example: 0.3, minimum: 0, maximum: 1 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  holdProbability?: number;

  @ApiPropertyOptional({ example: 14, minimum: 0 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(3650)
  meanHoldDays?: number;
}

/** What fleet, parts and prices a projection or a spares plan is about; omitted parts come from live data. */
export class ProblemDto {
  @ApiPropertyOptional({ example: 'regulatory', description: 'A scenario name from GET /scenarios' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64)
  scenario?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'First day the scenario is in force (default: its own start date, else today)' })
  @IsOptional() @IsString() @Matches(DATE, { message: 'scenarioStart must be a date YYYY-MM-DD' })
  scenarioStart?: string;

  @ApiPropertyOptional({ type: [FleetEntryDto] })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => FleetEntryDto)
  fleet?: FleetEntryDto[];

  @ApiPropertyOptional({ type: [ComponentEntryDto] })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(COMPONENT_KINDS.length) @ValidateNested({ each: true }) @Type(() => ComponentEntryDto)
  components?: ComponentEntryDto[];

  @ApiPropertyOptional({ type: CustomsDto })
  @IsOptional() @ValidateNested() @Type(() => CustomsDto)
  customs?: CustomsDto;

  @ApiPropertyOptional({ example: 0.05, description: 'USD per TH/s per day' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  hashpriceUsdPerThDay?: number;

  @ApiPropertyOptional({ example: 0.06, description: 'USD per kWh; with it the answer reports the power an idle machine no longer buys' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  powerPriceUsdPerKwh?: number;

  @ApiPropertyOptional({ example: 1.5, description: 'Hosting paid per machine and day, idle or not' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  hostingFeeUsdPerMachineDay?: number;
}

export class UptimeProjectionRequestDto extends ProblemDto {
  @ApiPropertyOptional({ enum: PROJECTION_METHODS, default: 'analytic' })
  @IsOptional() @IsIn(PROJECTION_METHODS)
  method?: ProjectionMethod;

  @ApiProperty({ example: 90, minimum: 1, maximum: MAX_HORIZON_DAYS })
  @IsInt() @Min(1) @Max(MAX_HORIZON_DAYS)
  horizonDays!: number;

  @ApiPropertyOptional({ example: 1000, minimum: 1, description: 'Monte Carlo runs (default 1000, lowered so runs x horizonDays <= 1,000,000)' })
  @IsOptional() @IsInt() @Min(1)
  runs?: number;

  @ApiPropertyOptional({ example: 7, description: 'Random seed (default 1): the same request and seed give the same answer' })
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  seed?: number;
}

export class ComponentSteadyStateDto {
  @ApiProperty({ enum: COMPONENT_KINDS }) component!: string;
  @ApiProperty({ enum: ['steady_state', 'horizon_end'] }) basis!: string;
  @ApiProperty({ example: 69.04 }) pipelineMean!: number;
  @ApiProperty({ example: 19.06 }) expectedBackorders!: number;
  @ApiProperty({ example: 50 }) spares!: number;
  @ApiProperty() lostHashrateThs!: number;
  @ApiProperty() lostRevenueUsdPerDay!: number;
}

export class CenterSteadyStateDto {
  @ApiProperty({ nullable: true, type: String }) center!: string | null;
  @ApiProperty() expectedIdleMachines!: number;
  @ApiProperty() lostHashrateThs!: number;
  @ApiProperty() lostRevenueUsdPerDay!: number;
}

export class SteadyStateDto {
  @ApiProperty({ enum: ['steady_state', 'horizon_end'] }) basis!: string;
  @ApiProperty({ example: 19.06 }) expectedIdleMachines!: number;
  @ApiProperty({ example: 0.998094 }) availability!: number;
  @ApiProperty({ example: 3812.3 }) lostHashrateThs!: number;
  @ApiProperty({ example: 190.62 }) lostRevenueUsdPerDay!: number;
  @ApiPropertyOptional() netLossUsdPerDay?: number;
  @ApiPropertyOptional() powerCostAvoidedUsdPerDay?: number;
  @ApiPropertyOptional() idleHostingUsdPerDay?: number;
  @ApiProperty({ type: [ComponentSteadyStateDto] }) byComponent!: ComponentSteadyStateDto[];
  @ApiProperty({ type: [CenterSteadyStateDto] }) byCenter!: CenterSteadyStateDto[];
}

export class DailyProjectionDto {
  @ApiProperty({ example: 1, description: 'Day 1 is the first day after today (UTC)' }) day!: number;
  @ApiProperty({ example: '2026-12-24', description: 'The calendar date of that day (UTC)' }) date!: string;
  @ApiProperty() idleMean!: number;
  @ApiProperty() idleP10!: number;
  @ApiProperty() idleP50!: number;
  @ApiProperty() idleP90!: number;
  @ApiProperty() lostHashrateThsMean!: number;
  @ApiProperty() lostHashrateThsP10!: number;
  @ApiProperty() lostHashrateThsP50!: number;
  @ApiProperty() lostHashrateThsP90!: number;
  @ApiProperty() lostUsdMean!: number;
  @ApiProperty() lostUsdP10!: number;
  @ApiProperty() lostUsdP50!: number;
  @ApiProperty() lostUsdP90!: number;
}

export class SpreadDto {
  @ApiProperty() mean!: number;
  @ApiProperty() p10!: number;
  @ApiProperty() p50!: number;
  @ApiProperty() p90!: number;
}

export class HorizonTotalsDto {
  @ApiProperty({ type: SpreadDto }) idleMachineDays!: SpreadDto;
  @ApiProperty({ type: SpreadDto }) lostThDays!: SpreadDto;
  @ApiProperty({ type: SpreadDto }) lostUsd!: SpreadDto;
}

export class ParameterDto {
  @ApiProperty({ example: 'components.psu.turnaroundDays' }) name!: string;
  @ApiProperty({ description: 'The value used (number, string or list)' }) value!: unknown;
  @ApiProperty({ enum: ['request', 'scenario', 'live', 'default'] }) source!: string;
}

export class UptimeProjectionDto {
  @ApiProperty({ enum: PROJECTION_METHODS }) method!: ProjectionMethod;
  @ApiProperty() horizonDays!: number;
  @ApiPropertyOptional({ description: 'Monte Carlo only' }) runs?: number;
  @ApiPropertyOptional({ description: 'Monte Carlo only' }) seed?: number;
  @ApiProperty({ type: SteadyStateDto }) steadyState!: SteadyStateDto;
  @ApiProperty({ type: [DailyProjectionDto], description: 'Monte Carlo: one item per day; analytic: empty' })
  daily!: DailyProjectionDto[];
  @ApiPropertyOptional({ type: HorizonTotalsDto, description: 'Monte Carlo: totals over the horizon' }) totals?: HorizonTotalsDto;
  @ApiProperty({ type: [ParameterDto] }) parameters!: ParameterDto[];
}
