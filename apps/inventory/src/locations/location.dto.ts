import { LOCATION_KINDS, type LocationKind, PageQuery } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateLocationDto {
  @ApiProperty({ example: 'HOU-BONDED-1', description: 'Unique code: letters, digits, dash, underscore, dot' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'code must be 1-100 letters, digits, ".", "_" or "-"' })
  code!: string;

  @ApiProperty({ example: 'Houston bonded warehouse' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: LOCATION_KINDS })
  @IsIn(LOCATION_KINDS)
  kind!: LocationKind;

  @ApiPropertyOptional({ example: 'US-TX' })
  @IsOptional() @IsString() @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ example: '35.00', description: 'Daily storage (demurrage) rate in USD, for bonded warehouses' })
  @IsOptional() @Matches(/^\d{1,12}(\.\d{1,2})?$/, { message: 'dailyStorageRateUsd must be a decimal string like "35.00"' })
  dailyStorageRateUsd?: string;
}

export class LocationDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LOCATION_KINDS }) kind!: LocationKind;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ nullable: true, type: String }) dailyStorageRateUsd!: string | null;
  @ApiProperty() createdAt!: string;
}

export class LocationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LOCATION_KINDS })
  @IsOptional() @IsIn(LOCATION_KINDS)
  kind?: LocationKind;
}
