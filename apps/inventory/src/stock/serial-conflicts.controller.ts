import { IdempotencyInterceptor, Roles, UuidParam, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StockQueries } from './stock-queries.service';
import { ResolveSerialConflictDto, SerialConflictDto, SerialConflictPageDto, SerialConflictQuery } from './stock.dto';
import { StockService } from './stock.service';

@ApiTags('stock')
@Controller('serial-conflicts')
@UseInterceptors(IdempotencyInterceptor)
export class SerialConflictsController {
  constructor(
    private readonly stock: StockService,
    private readonly queries: StockQueries,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Serials a shipment or harvest named that could not be tracked (in stock elsewhere, another part’s, more than the units...): their units came in untracked. Open ones by default, oldest first',
  })
  @ApiOkResponse({ type: SerialConflictPageDto })
  list(@Query() query: SerialConflictQuery) {
    return this.queries.serialConflicts(query);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.stock)
  @ApiOperation({ summary: 'Marks a conflict sorted out, saying how (e.g. after relabelling a unit with POST /serials); kept with who resolved it and when' })
  @ApiOkResponse({ type: SerialConflictDto })
  @ApiBadRequestResponse({ description: 'No resolution given' })
  @ApiForbiddenResponse({ description: 'Only repair_staff, erp and admin' })
  @ApiNotFoundResponse({ description: 'Unknown conflict' })
  @ApiConflictResponse({ description: 'Already resolved' })
  resolve(@Param('id', UuidParam) id: string, @Body() body: ResolveSerialConflictDto): Promise<SerialConflictDto> {
    return this.stock.resolveSerialConflict(id, body.resolution);
  }
}
