import { Page } from '@app/common';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CustomsHoldDto, HoldQuery } from './hold.dto';
import { HoldsService } from './holds.service';

@ApiTags('customs')
@ApiExtraModels(CustomsHoldDto)
@Controller('customs/holds')
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  @Get()
  @ApiOperation({
    summary: 'Customs holds, oldest first: days held, the SKUs and quantities they block, storage accrued',
    description: 'Storage cost accrues when the customs_hold event gave dailyStorageRateUsd (and optionally freeStorageDays).',
  })
  @ApiOkResponse({
    schema: { properties: { items: { type: 'array', items: { $ref: getSchemaPath(CustomsHoldDto) } }, nextCursor: { type: 'string', nullable: true } } },
  })
  list(@Query() query: HoldQuery): Promise<Page<CustomsHoldDto>> {
    return this.holds.list(query);
  }
}
