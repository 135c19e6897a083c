import { PageQuery } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_HASHRATE_THS, MAX_POWER_W } from './machine.rules';

export const MACHINE_STATES = ['running', 'idle', 'degraded', 'scrapped'] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

export class CreateMachineDto {
  @ApiProperty({ example: 'S21-0001234', description: 'The unit serial, 1-100 characters; unique' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  serial!: string;

  @ApiProperty({ example: 'S21', description: 'Free text, e.g. S19, S21, T21, M50, M60, Avalon A1466' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  model!: string;

  @ApiProperty({ example: 'TX-ROCKDALE', description: 'Free text: the mine site the machine runs at' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  siteCode!: string;

  @ApiProperty({ example: 200, description: 'Nominal hashrate in TH/s' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(MAX_HASHRATE_THS)
  hashrateThs!: number;

  @ApiProperty({ example: 3500, description: 'Power draw in watts' })
  @IsInt() @Min(1) @Max(MAX_POWER_W)
  powerW!: number;

  @ApiPropertyOptional({ example: 'Bitmain', description: 'Derived from the model when omitted (S19/S21/T21 Bitmain, M-series MicroBT, Avalon Canaan)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  maker?: string;
}

export class MachineTicketRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() status!: string;
  @ApiProperty() component!: string;
  @ApiProperty() repairCenterCode!: string;
}

export class InstalledComponentDto {
  @ApiProperty({ nullable: true, type: String }) sku!: string | null;
  @ApiProperty() serial!: string;
  @ApiProperty({ nullable: true, type: String }) installedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The ticket that installed it' }) ticketId!: string | null;
}

export class MachineDto {
  @ApiProperty() serial!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ nullable: true, type: String }) maker!: string | null;
  @ApiProperty() siteCode!: string;
  @ApiProperty() hashrateThs!: number;
  @ApiProperty() powerW!: number;
  @ApiProperty({ enum: MACHINE_STATES }) state!: MachineState;
  @ApiProperty({ type: MachineTicketRefDto, nullable: true }) currentTicket!: MachineTicketRefDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class MachineDetailDto extends MachineDto {
  @ApiProperty({ type: [InstalledComponentDto], description: 'Serialized parts known to be installed (hashboard genealogy)' })
  components!: InstalledComponentDto[];
}

export class MachinePageDto {
  @ApiProperty({ type: [MachineDto] }) items!: MachineDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MachineQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) siteCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) model?: string;
  @ApiPropertyOptional({ enum: MACHINE_STATES }) @IsOptional() @IsIn(MACHINE_STATES) state?: MachineState;
}

export class RowRejectionDto {
  @ApiProperty({ description: 'CSV data rows count from 1; JSON array elements from 0' }) row!: number;
  @ApiProperty() field!: string;
  @ApiProperty() reason!: string;
}

export class MachineImportResultDto {
  @ApiProperty({ format: 'uuid', description: 'The import’s record: GET /imports/{importId}' }) importId!: string;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty({ description: 'Rows equal to what was stored already' }) unchanged!: number;
  @ApiProperty({ type: [RowRejectionDto], description: 'The first 1,000 rejections' }) rejected!: RowRejectionDto[];
  @ApiProperty({ description: 'All rejections' }) rejectedCount!: number;
  @ApiProperty({ description: 'Records read from the upload, good or bad' }) rowsRead!: number;
  @ApiProperty() bytesRead!: number;
}
