import { HttpOutcome, IdempotencyInterceptor, Roles, UuidParam, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { TicketPartsService } from './ticket-parts.service';
import {
  AwaitingPartsDto, ConsumePartDto, CreateTicketDto, HarvestDto, HarvestResultDto, PartConsumedDto, PartReservedDto, RequestPartDto,
  TicketDetailDto, TicketPageDto, TicketQuery, TransitionDto,
} from './ticket.dto';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Controller('tickets')
@UseInterceptors(IdempotencyInterceptor)
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly parts: TicketPartsService,
  ) {}

  @Post()
  @Roles(...WRITE_ROLES.tickets)
  @ApiOperation({ summary: 'Open a repair ticket: the machine counts as idle (or degraded) from now on' })
  @ApiCreatedResponse({ type: TicketDetailDto })
  @ApiBadRequestResponse({ description: 'Bad fields, or repairCenterCode is not a known location' })
  @ApiNotFoundResponse({ description: 'Unknown machine' })
  @ApiConflictResponse({ description: 'The machine already has an open ticket (named in the message and details.openTicketId)' })
  create(@Body() body: CreateTicketDto): Promise<TicketDetailDto> {
    return this.tickets.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List tickets, oldest first, by machine, status, repair center, site, component and age' })
  @ApiOkResponse({ type: TicketPageDto })
  list(@Query() query: TicketQuery): Promise<TicketPageDto> {
    return this.tickets.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ticket with its full history, reservations and missing parts' })
  @ApiOkResponse({ type: TicketDetailDto })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam) id: string): Promise<TicketDetailDto> {
    return this.tickets.get(id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.tickets)
  @ApiOperation({
    summary: 'Move the ticket along the state machine',
    description: 'Cancelling or scrapping releases its reservations and takes it out of every waiting queue.',
  })
  @ApiOkResponse({ type: TicketDetailDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Illegal move; the message and details.allowed name the allowed ones' })
  transition(@Param('id', UuidParam) id: string, @Body() body: TransitionDto): Promise<TicketDetailDto> {
    return this.tickets.transition(id, body);
  }

  @Post(':id/parts')
  @Roles(...WRITE_ROLES.tickets)
  @ApiOperation({
    summary: "Reserve a part at the ticket's repair center (asks inventory over NATS)",
    description: '201 reserved; 202 when stock is short or others already wait for it there: the ticket is queued (FIFO per SKU and center) and moves to awaiting_parts, then to repairing by itself once everything it misses is reserved.',
  })
  @ApiCreatedResponse({ type: PartReservedDto })
  @ApiAcceptedResponse({ type: AwaitingPartsDto })
  @ApiNotFoundResponse({ description: 'Unknown ticket (or part, as inventory says)' })
  @ApiConflictResponse({ description: 'The ticket is not in a status that takes parts' })
  @ApiServiceUnavailableResponse({ description: 'Inventory did not answer in time; nothing was changed' })
  requestPart(@Param('id', UuidParam) id: string, @Body() body: RequestPartDto): Promise<HttpOutcome<PartReservedDto | AwaitingPartsDto>> {
    return this.parts.request(id, body);
  }

  @Post(':id/parts/:reservationId/consume')
  @Roles(...WRITE_ROLES.tickets)
  @ApiOperation({ summary: 'Fit a reserved part: inventory consumes it; serialIn/serialOut update the machine\'s genealogy' })
  @ApiCreatedResponse({ type: PartConsumedDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The reservation is not reserved any more, or the ticket is closed' })
  @ApiServiceUnavailableResponse({ description: 'Inventory did not answer in time' })
  consume(
    @Param('id', UuidParam) id: string,
    @Param('reservationId', UuidParam) reservationId: string,
    @Body() body: ConsumePartDto,
  ): Promise<PartConsumedDto> {
    return this.parts.consume(id, reservationId, body);
  }

  @Post(':id/harvest')
  @Roles(...WRITE_ROLES.tickets)
  @ApiOperation({ summary: "Working parts taken from a scrapped machine: inventory receives them at the ticket's repair center, once" })
  @ApiCreatedResponse({ type: HarvestResultDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The ticket is not scrapped, or was harvested already' })
  harvest(@Param('id', UuidParam) id: string, @Body() body: HarvestDto): Promise<HarvestResultDto> {
    return this.tickets.harvest(id, body.lines);
  }
}
