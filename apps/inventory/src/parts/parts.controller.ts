import { IdempotencyInterceptor, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { CreatePartDto, PartDto, PartPageDto, PartQuery } from './part.dto';
import { PartsService } from './parts.service';

@ApiTags('parts')
@Controller('parts')
@UseInterceptors(IdempotencyInterceptor)
export class PartsController {
  constructor(private readonly parts: PartsService) {}

  @Post()
  @Roles(...WRITE_ROLES.catalog)
  @ApiOperation({ summary: 'Add a part to the catalog' })
  @ApiCreatedResponse({ type: PartDto })
  @ApiBadRequestResponse({ description: 'A field is missing or malformed; the message names each' })
  @ApiForbiddenResponse({ description: 'Only erp and admin keys write the catalog' })
  @ApiConflictResponse({ description: 'The SKU exists already' })
  create(@Body() body: CreatePartDto): Promise<PartDto> {
    return this.parts.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List parts by SKU, optionally of one category' })
  @ApiOkResponse({ type: PartPageDto })
  list(@Query() query: PartQuery) {
    return this.parts.list(query);
  }

  @Get(':sku')
  @ApiOperation({ summary: 'One part' })
  @ApiOkResponse({ type: PartDto })
  @ApiNotFoundResponse({ description: 'No part with this SKU' })
  get(@Param('sku') sku: string): Promise<PartDto> {
    return this.parts.get(sku);
  }
}
