import { COMPONENTS, type Component, PageQuery, SerialList } from '@app/common';
import { MAX_SERIALS_PER_EVENT } from '@app/common/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { IDLE_REASONS, TICKET_STATUSES, type TicketStatus } from './ticket.rules';

export class CreateTicketDto {
  @ApiProperty({ example: 'S21-0001234' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  machineSerial!: string;

  @ApiProperty({ enum: COMPONENTS })
  @IsIn(COMPONENTS)
  component!: Component;

  @ApiPropertyOptional({ example: 'PSU-NO-OUTPUT' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  faultCode?: string;

  @ApiProperty({ example: 'AR-REPAIR', description: 'An inventory location code (400 when unknown)' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  repairCenterCode!: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ description: 'The machine still runs, degraded: it counts as degraded, not idle' })
  @IsOptional() @IsBoolean()
  degraded?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Share of hashrate a degraded machine still delivers (implies degraded)' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  remainingHashrateFraction?: number;

  @ApiPropertyOptional({ description: "The maker's RMA number" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  rmaNumber?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  claimReason?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  vendorFaultCode?: string;
}

export class TransitionDto {
  @ApiProperty({ enum: TICKET_STATUSES })
  @IsIn(TICKET_STATUSES)
  to!: TicketStatus;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class RequestPartDto {
  @ApiProperty({ example: 'PSU-APW12' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  sku!: string;

  @ApiProperty({ example: 1 })
  @IsInt() @Min(1) @Max(100_000)
  quantity!: number;
}

export class ConsumePartDto {
  @ApiPropertyOptional({ description: 'Serial of the part installed (serialized parts, e.g. hashboards); when absent, inventory takes the first in stock at the center' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  serialIn?: string;

  @ApiPropertyOptional({ description: 'Serial of the part taken out of the machine' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  serialOut?: string;
}

export class HarvestLineDto {
  @ApiProperty({ example: 'FAN-12038' }) @IsString() @IsNotEmpty() @MaxLength(100) sku!: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(100_000) quantity!: number;

  @ApiPropertyOptional({
    type: [String],
    description: `Serialized parts (hashboards): one serial per unit, at most ${MAX_SERIALS_PER_EVENT} in all. They leave the machine's components and come into stock under these serials`,
  })
  @IsOptional() @SerialList(MAX_SERIALS_PER_EVENT)
  serials?: string[];
}

export class HarvestDto {
  @ApiProperty({ type: [HarvestLineDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => HarvestLineDto)
  lines!: HarvestLineDto[];
}

export class TicketQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'One machine’s tickets: its repair history' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  machineSerial?: string;
  @ApiPropertyOptional({ enum: TICKET_STATUSES }) @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) repairCenterCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) siteCode?: string;
  @ApiPropertyOptional({ enum: COMPONENTS }) @IsOptional() @IsIn(COMPONENTS) component?: Component;
  @ApiPropertyOptional({ description: 'Only tickets opened more than this many days ago' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(36500)
  olderThanDays?: number;
}

export class TicketHistoryDto {
  @ApiProperty({ nullable: true, enum: TICKET_STATUSES }) from!: TicketStatus | null;
  @ApiProperty({ enum: TICKET_STATUSES }) to!: TicketStatus;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'The API key name, or "system" for automatic moves' }) by!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class TicketReservationDto {
  @ApiProperty() reservationId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ enum: ['reserved', 'consumed', 'releasing', 'released'] }) status!: string;
}

export class MissingPartDto {
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiPropertyOptional() waitingSince?: string;
}

export class TicketDto {
  @ApiProperty() id!: string;
  @ApiProperty() machineSerial!: string;
  @ApiProperty() siteCode!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ enum: COMPONENTS }) component!: string;
  @ApiProperty({ nullable: true, type: String }) faultCode!: string | null;
  @ApiProperty() repairCenterCode!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() degraded!: boolean;
  @ApiProperty({ nullable: true, type: Number }) remainingHashrateFraction!: number | null;
  @ApiProperty({ nullable: true, type: String }) rmaNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) claimReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) vendorFaultCode!: string | null;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ enum: TICKET_STATUSES, isArray: true }) allowedMoves!: TicketStatus[];
  @ApiProperty({ nullable: true, enum: [...IDLE_REASONS, 'degraded'], description: 'How the ticket counts in /fleet/idle now' })
  idleReason!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class RepeatedRepairDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty() returnedAt!: string;
}

export class TicketDetailDto extends TicketDto {
  @ApiProperty({
    type: RepeatedRepairDto, nullable: true,
    description: 'The machine’s previous ticket when this one was opened within 30 days of its return: the repair did not hold (a re-failure)',
  })
  repeatOf!: RepeatedRepairDto | null;
  @ApiProperty({ type: [TicketHistoryDto] }) history!: TicketHistoryDto[];
  @ApiProperty({ type: [TicketReservationDto] }) reservations!: TicketReservationDto[];
  @ApiProperty({ type: [MissingPartDto], description: 'Parts still awaited, in the order they started waiting' }) missing!: MissingPartDto[];
}

export class TicketPageDto {
  @ApiProperty({ type: [TicketDto] }) items!: TicketDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PartReservedDto {
  @ApiProperty({ enum: ['reserved'] }) status!: 'reserved';
  @ApiProperty() reservationId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
}

export class AwaitingPartsDto {
  @ApiProperty({ enum: ['awaiting_parts'] }) status!: 'awaiting_parts';
  @ApiProperty({ type: [MissingPartDto], description: "Every part the ticket still awaits" }) missing!: MissingPartDto[];
}

export class PartConsumedDto {
  @ApiProperty() reservationId!: string;
  @ApiProperty({ enum: ['consumed'] }) status!: 'consumed';
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The first of serialsIn' }) serialIn!: string | null;
  @ApiProperty({ type: [String], description: 'Serials consumed (named, or picked by inventory) and recorded as installed in the machine' })
  serialsIn!: string[];
  @ApiProperty({ nullable: true, type: String }) serialOut!: string | null;
}

export class HarvestResultDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty() locationCode!: string;
  @ApiProperty({ type: [HarvestLineDto] }) lines!: HarvestLineDto[];
}
