import { IdempotencyInterceptor, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StockQueries } from './stock-queries.service';
import { LabelSerialsDto, SerialDto, SerialLabelsDto, SerialPageDto, SerialQuery } from './stock.dto';
import { StockService } from './stock.service';

@ApiTags('stock')
@Controller('serials')
@UseInterceptors(IdempotencyInterceptor)
export class SerialsController {
  constructor(
    private readonly stock: StockService,
    private readonly queries: StockQueries,
  ) {}

  @Post()
  @Roles(...WRITE_ROLES.stock)
  @ApiOperation({
    summary: 'Label units on hand that came in without serials (from shipments, harvests, or adjustments naming none): the count does not change',
  })
  @ApiCreatedResponse({ type: SerialLabelsDto })
  @ApiBadRequestResponse({ description: 'A bad field, repeated serials, or a part that is not serialized (the message names `serials`)' })
  @ApiForbiddenResponse({ description: 'Only repair_staff, erp and admin' })
  @ApiNotFoundResponse({ description: 'Unknown SKU or location' })
  @ApiConflictResponse({ description: 'More serials than units there without one, or a serial already in stock' })
  label(@Body() body: LabelSerialsDto): Promise<SerialLabelsDto> {
    return this.stock.label(body);
  }

  @Get()
  @ApiOperation({ summary: 'Serials of serialized parts, by serial; filter by sku, locationCode and status (e.g. the hashboards in stock at a center)' })
  @ApiOkResponse({ type: SerialPageDto })
  list(@Query() query: SerialQuery) {
    return this.queries.serials(query);
  }

  @Get(':serial')
  @ApiOperation({ summary: 'A serialized part: where it is now, where it has been, which ticket consumed it' })
  @ApiOkResponse({ type: SerialDto })
  @ApiNotFoundResponse({ description: 'Serial never received' })
  get(@Param('serial') serial: string): Promise<SerialDto> {
    return this.queries.serial(serial);
  }
}
