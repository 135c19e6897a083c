import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { HoldInsightPageDto, HoldsInsightQuery } from './holds-insight.dto';
import { HoldsInsightService } from './holds-insight.service';

@ApiTags('insights')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No key, or an unknown or revoked key' })
@Controller('insights')
export class InsightsController {
  constructor(private readonly holds: HoldsInsightService) {}

  @Get('holds')
  @ApiOperation({ summary: 'Active customs holds ranked by the revenue per day their parts would restore, with the tickets waiting on them' })
  @ApiOkResponse({ type: HoldInsightPageDto })
  listHolds(@Query() query: HoldsInsightQuery): Promise<HoldInsightPageDto> {
    return this.holds.rank(query);
  }
}
