import { PageQuery } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsHtsCode, IsRatePct } from '../validation/field-validators';
import { IsCountryCode } from '../validation/iso-countries';

export class CreateTariffDto {
  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  countryOfOrigin!: string;

  @ApiProperty({ example: '8471.50', description: 'HTS prefix, 2–10 digits, dots optional; stored as digits' })
  @IsHtsCode()
  hsCode!: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], example: '55', description: 'Ad valorem percentage' })
  @IsRatePct()
  ratePct!: string | number;

  @ApiProperty({ example: '2025-04-28', description: 'First day in force' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day no longer in force (exclusive); open when absent' })
  @IsOptional() @IsCalendarDate()
  effectiveTo?: string;

  @ApiPropertyOptional({ example: 'base', default: 'base', description: 'Tariff program; programs stack (e.g. base + section_301)' })
  @IsOptional() @IsString() @Matches(/^[a-z0-9_]{1,40}$/, { message: 'program must be 1–40 lowercase letters, digits or underscores' })
  program?: string;

  @ApiPropertyOptional({ example: 'April tariff round' })
  @IsOptional() @IsString() @MaxLength(500)
  note?: string;
}

export class TariffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CN' }) countryOfOrigin!: string;
  @ApiProperty({ example: '847150', description: 'Digits only' }) hsCode!: string;
  @ApiProperty({ example: '55', description: 'Canonical decimal string' }) ratePct!: string;
  @ApiProperty({ example: '2025-04-28' }) effectiveFrom!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) effectiveTo!: string | null;
  @ApiProperty({ example: 'base' }) program!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() createdAt!: string;
}

export class TariffQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'CN' })
  @IsOptional() @IsCountryCode()
  countryOfOrigin?: string;

  @ApiPropertyOptional({ example: '8471.50', description: 'Exact code (dots optional)' })
  @IsOptional() @IsHtsCode()
  hsCode?: string;

  @ApiPropertyOptional({ example: 'base' })
  @IsOptional() @IsString()
  program?: string;
}

export class TariffLookupQuery {
  @ApiProperty({ example: 'CN' })
  @IsCountryCode()
  countryOfOrigin!: string;

  @ApiProperty({ example: '8471.50.0150', description: 'The full code of the goods, dots optional' })
  @IsHtsCode()
  hsCode!: string;

  @ApiPropertyOptional({ example: '2025-05-01', description: 'Entry date; today (UTC) when absent' })
  @IsOptional() @IsCalendarDate()
  date?: string;
}

export class ProgramRateDto {
  @ApiProperty({ example: 'base' }) program!: string;
  @ApiProperty({ type: TariffDto }) tariff!: TariffDto;
  @ApiProperty({ example: '55' }) ratePct!: string;
  @ApiProperty({ description: 'Other covering entries of this program that lost', example: { shorterPrefix: 0, notInForce: 1 } })
  outranked!: { shorterPrefix: number; notInForce: number };
  @ApiProperty() explanation!: string;
}

export class TariffLookupDto {
  @ApiProperty() countryOfOrigin!: string;
  @ApiProperty({ description: 'Digits only' }) hsCode!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why no tariff applies at all (e.g. US origin)' }) exemption!: string | null;
  @ApiProperty({ type: [ProgramRateDto], description: 'One per program in force, base first' }) programs!: ProgramRateDto[];
  @ApiProperty({ example: '55', description: 'Sum of the programs' }) totalRatePct!: string;
}
