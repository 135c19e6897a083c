import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../validation/field-validators';

export class ReportQuery {
  @ApiPropertyOptional({ example: '2025-04-01', description: 'First day included (UTC); open when absent' })
  @IsOptional() @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-07-01', description: 'First day excluded (UTC); open when absent' })
  @IsOptional() @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class DwellStatsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Nearest-rank median, days' }) medianDays!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Days!: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanDays!: number | null;
  @ApiProperty({ description: 'Holds not yet released (counted with their days so far)' }) active!: number;
}

export class GroupDwellDto extends DwellStatsDto {
  @ApiProperty({ description: 'Port of entry, reason or origin country ("unknown" when not given)' }) key!: string;
}

export class HoldsReportDto {
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty({ type: DwellStatsDto }) overall!: DwellStatsDto;
  @ApiProperty({ type: [GroupDwellDto] }) byPort!: GroupDwellDto[];
  @ApiProperty({ type: [GroupDwellDto] }) byReason!: GroupDwellDto[];
  @ApiProperty({ type: [GroupDwellDto] }) byOrigin!: GroupDwellDto[];
}

export class ShipmentsReportDto {
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty() total!: number;
  @ApiProperty({ example: { created: 1, in_transit: 2, at_port: 0, held: 1, released: 0, delivered: 3 } }) byStatus!: Record<string, number>;
  @ApiProperty({ example: [{ lane: 'CN->AR-REPAIR', originCountry: 'CN', destinationCode: 'AR-REPAIR', count: 3 }] })
  byLane!: Array<{ lane: string; originCountry: string; destinationCode: string; count: number }>;
  @ApiProperty({ example: [{ originCountry: 'CN', count: 3 }] }) byOrigin!: Array<{ originCountry: string; count: number }>;
}

export class DutyReportRowDto {
  @ApiProperty({ example: '2025-05' }) month!: string;
  @ApiProperty({ example: 'CN' }) countryOfOrigin!: string;
  @ApiProperty() lineCount!: number;
  @ApiProperty({ example: '2860.00' }) dutyUsd!: string;
}

export class DutyReportDto {
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty({ description: 'Shipments whose entry date is known (arrived) and in range' }) shipmentCount!: number;
  @ApiProperty({ type: [DutyReportRowDto] }) rows!: DutyReportRowDto[];
}
