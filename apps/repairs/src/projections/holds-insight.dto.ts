import { PageQuery } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Min } from 'class-validator';

export class HoldsInsightQuery extends PageQuery {
  @ApiPropertyOptional({ example: 0.05, description: 'USD per TH/s per day (default 0.05)' })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  hashpriceUsdPerThDay?: number;
}

export class HoldLineInsightDto {
  @ApiProperty() sku!: string;
  @ApiProperty() heldQuantity!: number;
  @ApiProperty({ description: 'Machines at the destination waiting for this SKU' }) waitingMachines!: number;
  @ApiProperty({ description: 'Machines the held units would get running' }) machinesUnblocked!: number;
  @ApiProperty() lostHashrateThs!: number;
  @ApiProperty() usdPerDay!: number;
}

export class HoldInsightDto {
  @ApiProperty({ format: 'uuid' }) holdId!: string;
  @ApiProperty({ format: 'uuid' }) shipmentId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'DEMO-SZX-HOU-0003', description: 'The shipment reference, when known' })
  reference!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'regulatory_review' }) reason!: string | null;
  @ApiProperty({ example: 9, description: 'Whole days since the hold opened' }) daysHeld!: number;
  @ApiProperty({ example: 'AR-REPAIR' }) destinationCode!: string;
  @ApiProperty() machinesUnblocked!: number;
  @ApiProperty() lostHashrateThs!: number;
  @ApiProperty({ example: 412.5, description: 'Revenue per day the hold keeps from the fleet' }) usdPerDayStranded!: number;
  @ApiProperty({ type: [HoldLineInsightDto] }) lines!: HoldLineInsightDto[];
  @ApiProperty({ type: [String], description: 'Tickets waiting at the destination for the held SKUs' }) ticketsAffected!: string[];
}

export class HoldInsightPageDto {
  @ApiProperty({ type: [HoldInsightDto], description: 'Most USD per day stranded first' }) items!: HoldInsightDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
