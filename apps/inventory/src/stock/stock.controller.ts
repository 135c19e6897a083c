import { IdempotencyInterceptor, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { StockQueries } from './stock-queries.service';
import {
  AdjustmentDto, AuditDto, LedgerPageDto, MovementDto, ReceiptDto, ReorderPointDto, StockItemDto, StockPageDto, StockQuery,
} from './stock.dto';
import { StockService } from './stock.service';

@ApiTags('stock')
@Controller('stock')
@UseInterceptors(IdempotencyInterceptor)
export class StockController {
  constructor(
    private readonly stock: StockService,
    private readonly queries: StockQueries,
  ) {}

  @Post('receipts')
  @Roles(...WRITE_ROLES.stock)
  @ApiOperation({ summary: 'Receive stock at a location (serialized parts list exactly `quantity` serials)' })
  @ApiCreatedResponse({ type: MovementDto })
  @ApiBadRequestResponse({ description: 'A bad field, or serials that do not fit the part (the message names `serials`)' })
  @ApiForbiddenResponse({ description: 'Only repair_staff, erp and admin receive stock' })
  @ApiNotFoundResponse({ description: 'Unknown SKU or location (the message names which)' })
  @ApiConflictResponse({ description: 'A serial is already in stock' })
  receive(@Body() body: ReceiptDto): Promise<MovementDto> {
    return this.stock.receiveRequest(body);
  }

  @Post('adjustments')
  @Roles(...WRITE_ROLES.stockOperations)
  @ApiOperation({ summary: 'Correct a count: a non-zero delta with a reason' })
  @ApiCreatedResponse({ type: MovementDto })
  @ApiBadRequestResponse({ description: 'A bad field (delta must be a non-zero integer)' })
  @ApiForbiddenResponse({ description: 'Only repair_staff and admin adjust stock' })
  @ApiNotFoundResponse({ description: 'Unknown SKU or location' })
  @ApiConflictResponse({ description: 'The adjustment would take on-hand below what is reserved' })
  adjust(@Body() body: AdjustmentDto): Promise<MovementDto> {
    return this.stock.adjust(body);
  }

  @Put('reorder-points')
  @Roles(...WRITE_ROLES.stock)
  @ApiOperation({ summary: 'Set the reorder point of a SKU at a location' })
  @ApiOkResponse({ type: StockItemDto })
  @ApiBadRequestResponse({ description: 'A bad field' })
  @ApiForbiddenResponse({ description: 'Only repair_staff, erp and admin' })
  @ApiNotFoundResponse({ description: 'Unknown SKU or location' })
  setReorderPoint(@Body() body: ReorderPointDto): Promise<StockItemDto> {
    return this.stock.setReorderPoint(body);
  }

  @Get()
  @ApiOperation({ summary: 'Balances by SKU and location: on hand, reserved, available, in transit' })
  @ApiOkResponse({ type: StockPageDto })
  list(@Query() query: StockQuery) {
    return this.queries.balances(query);
  }

  @Get('ledger')
  @ApiOperation({ summary: 'Every movement of on-hand stock, append-only, in order' })
  @ApiOkResponse({ type: LedgerPageDto })
  ledger(@Query() query: StockQuery) {
    return this.queries.ledger(query);
  }

  @Get('low')
  @ApiOperation({ summary: 'Rows whose available stock is below their reorder point' })
  @ApiOkResponse({ type: StockPageDto })
  low(@Query() query: StockQuery) {
    return this.queries.balances(query, true);
  }

  @Get('audit')
  @ApiOperation({ summary: 'Recompute balances from the ledger, open reservations and open transfers, and compare' })
  @ApiOkResponse({ type: AuditDto })
  audit(@Query() query: StockQuery): Promise<AuditDto> {
    return this.queries.audit(query.sku);
  }
}
