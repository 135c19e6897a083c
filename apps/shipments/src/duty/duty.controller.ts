import { IdempotencyInterceptor, Roles, UuidParam, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ShipmentDutyDto, WhatIfDto, WhatIfResultDto } from './duty.dto';
import { DutyService } from './duty.service';

@ApiTags('duty')
@Controller()
@UseInterceptors(IdempotencyInterceptor)
export class DutyController {
  constructor(private readonly duty: DutyService) {}

  @Get('shipments/:id/duty')
  @ApiOperation({
    summary: 'Duty and landed cost of a shipment',
    description:
      'Each line at the rate in force on the entry date (arrived_at_port; the bonded-warehouse release when the goods were held in one; today ' +
      'while not arrived), longest HTS prefix per program, programs stacked, US origin exempt, 9802 repair value. MPF and HMF come from ' +
      'GET /settings; freight and fees are allocated over lines by the shipment\'s allocationBasis.',
  })
  @ApiOkResponse({ type: ShipmentDutyDto })
  @ApiNotFoundResponse({ description: 'No such shipment' })
  forShipment(@Param('id', UuidParam) id: string): Promise<ShipmentDutyDto> {
    return this.duty.forShipment(id);
  }

  @Post('tariffs/what-if')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.projections)
  @ApiOperation({
    summary: 'Duty and landed cost of the same lines from other origins or on other entry dates; stores nothing',
    description: 'Give a shipmentId (its lines, freight and entry date) or lines. Answers 200: nothing is created.',
  })
  @ApiOkResponse({ type: WhatIfResultDto })
  @ApiBadRequestResponse({ description: 'Names every bad field' })
  @ApiNotFoundResponse({ description: 'No such shipment' })
  whatIf(@Body() body: WhatIfDto): Promise<WhatIfResultDto> {
    return this.duty.whatIf(body);
  }
}
