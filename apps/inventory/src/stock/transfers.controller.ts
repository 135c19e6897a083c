import { IdempotencyInterceptor, Roles, UuidParam, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { TransferDto, TransferPageDto, TransferQuery, TransferRequestDto } from './stock.dto';
import { TransfersService } from './transfers.service';

@ApiTags('transfers')
@Controller('stock/transfers')
@UseInterceptors(IdempotencyInterceptor)
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post()
  @Roles(...WRITE_ROLES.stockOperations)
  @ApiOperation({ summary: 'Send stock to another location: it leaves at once and is in transit at the destination' })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiBadRequestResponse({ description: 'A bad field, the same location twice, or serials that do not fit' })
  @ApiForbiddenResponse({ description: 'Only repair_staff and admin transfer stock' })
  @ApiNotFoundResponse({ description: 'Unknown SKU or location (the message names which)' })
  @ApiConflictResponse({ description: 'Not enough available stock at the origin, or a serial not in stock there' })
  dispatch(@Body() body: TransferRequestDto): Promise<TransferDto> {
    return this.transfers.dispatch(body);
  }

  @Post(':id/receive')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.stockOperations)
  @ApiOperation({ summary: 'Land a transfer at its destination' })
  @ApiOkResponse({ type: TransferDto })
  @ApiForbiddenResponse({ description: 'Only repair_staff and admin' })
  @ApiNotFoundResponse({ description: 'No such transfer' })
  @ApiConflictResponse({ description: 'Received already' })
  receive(@Param('id', UuidParam) id: string): Promise<TransferDto> {
    return this.transfers.receive(id);
  }

  @Get()
  @ApiOperation({ summary: 'Transfers, oldest first' })
  @ApiOkResponse({ type: TransferPageDto })
  list(@Query() query: TransferQuery) {
    return this.transfers.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One transfer' })
  @ApiOkResponse({ type: TransferDto })
  @ApiNotFoundResponse({ description: 'No such transfer' })
  get(@Param('id', UuidParam) id: string): Promise<TransferDto> {
    return this.transfers.get(id);
  }
}
