import { PageQuery, SerialList } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SKU_MESSAGE, SKU_PATTERN } from '../parts/part.dto';
import { BalanceDto, MAX_QUANTITY } from '../stock/stock.dto';
import { RESERVATION_STATUSES, type ReservationStatus } from './reservation.rules';

export class CreateReservationDto {
  @ApiProperty() @IsString() @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku!: string;

  @ApiProperty({ example: 'AR-REPAIR' }) @IsString() @IsNotEmpty() @MaxLength(100)
  locationCode!: string;

  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_QUANTITY)
  quantity!: number;

  @ApiPropertyOptional({ description: 'The repair ticket the parts are for' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  ticketId?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; when set, an unconsumed reservation is released then (status expired)' })
  @IsOptional() @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ConsumeDto {
  @ApiPropertyOptional({ description: 'For a serialized part: the serial that went into the machine (one unit; or use `serials`)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  serial?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'For a serialized part: the serials that went in, at most the reserved quantity; units not named take the first other serials in stock there',
  })
  @IsOptional() @SerialList(10_000)
  serials?: string[];
}

export class ReservationEventDto {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: RESERVATION_STATUSES }) status!: ReservationStatus;
  @ApiProperty() actor!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class ReservationDto {
  @ApiProperty() id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() locationCode!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ nullable: true, type: String }) ticketId!: string | null;
  @ApiProperty({ enum: RESERVATION_STATUSES }) status!: ReservationStatus;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ type: [String], description: 'Serialized parts: the serials consumed (empty until consumed)' }) serials!: string[];
  @ApiPropertyOptional({ type: BalanceDto, description: 'The balance after this change (on writes)' }) balance?: BalanceDto;
  @ApiPropertyOptional({ type: [ReservationEventDto], description: 'Status history (on GET of one reservation)' })
  history?: ReservationEventDto[];
}

export class ReservationPageDto {
  @ApiProperty({ type: [ReservationDto] }) items!: ReservationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReservationQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  ticketId?: string;

  @ApiPropertyOptional({ enum: RESERVATION_STATUSES }) @IsOptional() @IsIn(RESERVATION_STATUSES)
  status?: ReservationStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  sku?: string;
}
