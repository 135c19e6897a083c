import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { StockQueries } from './stock-queries.service';
import { SerialDto } from './stock.dto';

@ApiTags('stock')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No key, or an unknown or revoked key' })
@Controller('serials')
export class SerialsController {
  constructor(private readonly queries: StockQueries) {}

  @Get(':serial')
  @ApiOperation({ summary: 'A serialized part: where it is now, where it has been, which ticket consumed it' })
  @ApiOkResponse({ type: SerialDto })
  @ApiNotFoundResponse({ description: 'Serial never received' })
  get(@Param('serial') serial: string): Promise<SerialDto> {
    return this.queries.serial(serial);
  }
}
