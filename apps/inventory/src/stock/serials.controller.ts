import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StockQueries } from './stock-queries.service';
import { SerialDto } from './stock.dto';

@ApiTags('stock')
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
