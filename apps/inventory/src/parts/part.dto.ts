import { PageQuery, PART_CATEGORIES, type PartCategory } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength,
} from 'class-validator';

/** SKUs: letters, digits and . _ - ; 1-100 characters. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const SKU_MESSAGE = 'sku must be 1-100 letters, digits, ".", "_" or "-"';

export class CreatePartDto {
  @ApiProperty({ example: 'HB-S19-PRO', description: 'Unique stock-keeping unit' })
  @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty({ example: 'Antminer S19 Pro hashboard' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: PART_CATEGORIES })
  @IsIn(PART_CATEGORIES)
  category!: PartCategory;

  @ApiPropertyOptional({ type: [String], example: ['S19', 'S19 Pro'] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(100, { each: true })
  compatibleModels?: string[];

  @ApiPropertyOptional({ default: false, description: 'Serialized parts are received and tracked by serial' })
  @IsOptional() @IsBoolean()
  serialized?: boolean;

  @ApiPropertyOptional({ example: '550.00', description: 'Unit cost in USD, a decimal string' })
  @IsOptional() @IsString() @Matches(/^\d{1,15}(\.\d{1,2})?$/, { message: 'unitCostUsd must be a decimal string like "550.00"' })
  unitCostUsd?: string;
}

export class PartDto {
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PART_CATEGORIES }) category!: PartCategory;
  @ApiProperty({ type: [String] }) compatibleModels!: string[];
  @ApiProperty() serialized!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '550.00' }) unitCostUsd!: string | null;
  @ApiProperty() createdAt!: string;
}

export class PartPageDto {
  @ApiProperty({ type: [PartDto] }) items!: PartDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PartQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PART_CATEGORIES })
  @IsOptional() @IsIn(PART_CATEGORIES)
  category?: PartCategory;
}
