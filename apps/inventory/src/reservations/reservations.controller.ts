import { IdempotencyInterceptor, Roles, UuidParam, WRITE_ROLES } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { ConsumeDto, CreateReservationDto, ReservationDto, ReservationPageDto, ReservationQuery } from './reservation.dto';
import { ReservationsService } from './reservations.service';

@ApiTags('reservations')
@Controller('reservations')
@UseInterceptors(IdempotencyInterceptor)
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @Roles(...WRITE_ROLES.stockOperations)
  @ApiOperation({ summary: 'Reserve available stock: raises reserved, leaves on-hand alone' })
  @ApiCreatedResponse({ type: ReservationDto, description: 'status confirmed, with the balance after' })
  @ApiBadRequestResponse({ description: 'A bad field' })
  @ApiForbiddenResponse({ description: 'Only repair_staff and admin reserve' })
  @ApiNotFoundResponse({ description: 'Unknown SKU or location (the message names which)' })
  @ApiConflictResponse({ description: 'Available stock is short (and only then)' })
  create(@Body() body: CreateReservationDto): Promise<ReservationDto> {
    return this.reservations.create(body);
  }

  @Post(':id/consume')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.stockOperations)
  @ApiOperation({ summary: 'The reserved parts went into a machine: lowers reserved and on-hand, writes a consume ledger entry' })
  @ApiOkResponse({ type: ReservationDto })
  @ApiBadRequestResponse({ description: 'Serials for a part that is not serialized, or more serials than the reserved quantity' })
  @ApiForbiddenResponse({ description: 'Only repair_staff and admin' })
  @ApiNotFoundResponse({ description: 'No such reservation' })
  @ApiConflictResponse({ description: 'The reservation is closed already, or the serial is not in stock there' })
  consume(@Param('id', UuidParam) id: string, @Body() body: ConsumeDto): Promise<ReservationDto> {
    return this.reservations.consume(id, body);
  }

  @Delete(':id')
  @Roles(...WRITE_ROLES.stockOperations)
  @ApiOperation({ summary: 'Release a reservation: its stock is available again' })
  @ApiOkResponse({ type: ReservationDto, description: 'status released' })
  @ApiForbiddenResponse({ description: 'Only repair_staff and admin' })
  @ApiNotFoundResponse({ description: 'No such reservation' })
  @ApiConflictResponse({ description: 'The reservation is closed already' })
  release(@Param('id', UuidParam) id: string): Promise<ReservationDto> {
    return this.reservations.release(id);
  }

  @Get()
  @ApiOperation({ summary: 'Reservations, oldest first, by ticket, status or SKU' })
  @ApiOkResponse({ type: ReservationPageDto })
  list(@Query() query: ReservationQuery) {
    return this.reservations.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reservation with its status history' })
  @ApiOkResponse({ type: ReservationDto })
  @ApiNotFoundResponse({ description: 'No such reservation' })
  get(@Param('id', UuidParam) id: string): Promise<ReservationDto> {
    return this.reservations.get(id);
  }
}
