import { PageQuery } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min,
} from 'class-validator';

/** The body of PUT /scenarios/{name}: a whole scenario (the name comes from the path). */
export class PutScenarioDto {
  @ApiProperty({ example: 'Regulated supplier with longer holds' })
  @IsString() @MaxLength(1000)
  description!: string;

  @ApiPropertyOptional({ example: '2026-12-01', nullable: true, type: String, description: 'First day in force; absent: the request’s date' })
  @IsOptional() @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be a date YYYY-MM-DD' })
  startDate?: string;

  @ApiProperty({ example: 0.3, minimum: 0, maximum: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  holdProbability!: number;

  @ApiProperty({ example: 14, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(3650)
  meanHoldDays!: number;

  @ApiProperty({ example: 14, minimum: 0, description: 'Days added to every resupply turnaround' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(3650)
  extraLeadTimeDays!: number;

  @ApiPropertyOptional({ type: [String], example: ['Bitmain'], description: 'Makers whose parts stop' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true })
  cutOffMakers?: string[];

  @ApiPropertyOptional({ type: [String], example: ['CN'], description: 'Countries (ISO 3166-1 alpha-2) whose parts stop' })
  @IsOptional() @IsArray() @ArrayMaxSize(250) @IsString({ each: true }) @Matches(/^[A-Za-z]{2}$/, { each: true, message: 'cutOffOrigins must be ISO 3166-1 alpha-2 countries' })
  cutOffOrigins?: string[];

  @ApiPropertyOptional({ example: 0.3, minimum: 0, maximum: 1, default: 0, description: 'Share of a cut supply a second supplier replaces' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  secondSupplierShare?: number;

  @ApiPropertyOptional({ example: 60, minimum: 0, default: 0 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(3650)
  secondSupplierTurnaroundDays?: number;
}

export class ScenarioDto {
  @ApiProperty({ example: 'regulatory' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) startDate!: string | null;
  @ApiProperty() holdProbability!: number;
  @ApiProperty() meanHoldDays!: number;
  @ApiProperty() extraLeadTimeDays!: number;
  @ApiProperty({ type: [String] }) cutOffMakers!: string[];
  @ApiProperty({ type: [String] }) cutOffOrigins!: string[];
  @ApiProperty() secondSupplierShare!: number;
  @ApiProperty() secondSupplierTurnaroundDays!: number;
  @ApiProperty({ description: 'One of the seeded scenarios (baseline, regulatory, sanctions)' }) builtIn!: boolean;
  @ApiProperty() updatedAt!: string;
}

export class ScenarioPageDto {
  @ApiProperty({ type: [ScenarioDto] }) items!: ScenarioDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ScenarioQuery extends PageQuery {}
