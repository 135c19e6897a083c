import { HttpOutcome, IdempotencyInterceptor, Page, Roles, UuidParam, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath,
} from '@nestjs/swagger';
import { CreateShipmentDto, ShipmentDetailDto, ShipmentDto, ShipmentQuery, TrackingEventInput, TrackingEventResultDto } from './shipment.dto';
import { ShipmentsService } from './shipments.service';
import { TrackingService } from './tracking.service';

@ApiTags('shipments')
@ApiExtraModels(ShipmentDto)
@Controller('shipments')
@UseInterceptors(IdempotencyInterceptor)
export class ShipmentsController {
  constructor(
    private readonly shipments: ShipmentsService,
    private readonly tracking: TrackingService,
  ) {}

  @Post()
  @Roles(...WRITE_ROLES.shipments)
  @ApiOperation({ summary: 'Create a shipment (status "created") with its lines; the ETA is estimated at once' })
  @ApiCreatedResponse({ type: ShipmentDto })
  @ApiBadRequestResponse({ description: 'Names every bad field; destinationCode must be a known inventory location' })
  @ApiConflictResponse({ description: 'A shipment with this reference exists' })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with another body' })
  create(@Body() body: CreateShipmentDto): Promise<ShipmentDto> {
    return this.shipments.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List shipments, newest first, by reference and status' })
  @ApiOkResponse({
    schema: { properties: { items: { type: 'array', items: { $ref: getSchemaPath(ShipmentDto) } }, nextCursor: { type: 'string', nullable: true } } },
  })
  list(@Query() query: ShipmentQuery): Promise<Page<ShipmentDto>> {
    return this.shipments.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One shipment: its events, status, ETA with its basis, holds and duty summary' })
  @ApiOkResponse({ type: ShipmentDetailDto })
  @ApiNotFoundResponse({ description: 'No such shipment' })
  get(@Param('id', UuidParam) id: string): Promise<ShipmentDetailDto> {
    return this.shipments.get(id);
  }

  @Post(':id/events')
  @Roles(...WRITE_ROLES.shipmentEvents)
  @ApiOperation({
    summary: 'Record a tracking event; the status follows the contract\'s table',
    description:
      'departed (created→in_transit), arrived_at_port (in_transit→at_port), customs_hold (at_port|released→held, holdReason required), ' +
      'customs_released (held→released), delivered (at_port|released→delivered: inventory receives the lines once), exception (recorded). ' +
      'The latest event posted again (same type and at) answers 200 and changes nothing.',
  })
  @ApiCreatedResponse({ type: TrackingEventResultDto })
  @ApiOkResponse({ type: TrackingEventResultDto, description: 'The latest event again: nothing changed' })
  @ApiBadRequestResponse({ description: 'holdReason missing on customs_hold or given on another type, or other bad fields' })
  @ApiNotFoundResponse({ description: 'No such shipment' })
  @ApiConflictResponse({ description: 'Illegal in the current status, or before the previous event' })
  record(@Param('id', UuidParam) id: string, @Body() body: TrackingEventInput): Promise<TrackingEventResultDto | HttpOutcome<TrackingEventResultDto>> {
    return this.tracking.record(id, body);
  }
}
