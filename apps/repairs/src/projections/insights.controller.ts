import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HoldInsightPageDto, HoldsInsightQuery } from './holds-insight.dto';
import { HoldsInsightService } from './holds-insight.service';

@ApiTags('insights')
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
