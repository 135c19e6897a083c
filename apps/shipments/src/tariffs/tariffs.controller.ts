import { IdempotencyInterceptor, Page, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CreateTariffDto, TariffDto, TariffLookupDto, TariffLookupQuery, TariffQuery } from './tariff.dto';
import { TariffsService } from './tariffs.service';

@ApiTags('tariffs')
@ApiExtraModels(TariffDto)
@Controller('tariffs')
@UseInterceptors(IdempotencyInterceptor)
export class TariffsController {
  constructor(private readonly tariffs: TariffsService) {}

  @Post()
  @Roles(...WRITE_ROLES.tariffs)
  @ApiOperation({
    summary: 'Add a tariff: a rate for a country of origin and HTS prefix over a date range',
    description: 'effectiveFrom ≤ entry date < effectiveTo. Ranges of the same country, code and program may not overlap (409).',
  })
  @ApiCreatedResponse({ type: TariffDto })
  @ApiBadRequestResponse({ description: 'Names every bad field' })
  @ApiConflictResponse({ description: 'Overlaps an existing tariff of the same country, code and program' })
  create(@Body() body: CreateTariffDto): Promise<TariffDto> {
    return this.tariffs.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List tariffs, optionally by country of origin, exact HTS code and program' })
  @ApiOkResponse({
    schema: { properties: { items: { type: 'array', items: { $ref: getSchemaPath(TariffDto) } }, nextCursor: { type: 'string', nullable: true } } },
  })
  list(@Query() query: TariffQuery): Promise<Page<TariffDto>> {
    return this.tariffs.list(query);
  }

  @Get('lookup')
  @ApiOperation({
    summary: 'The tariffs that apply to a code from a country on a date, and why',
    description: 'Per program the longest HTS prefix in force wins; programs stack; US origin is exempt.',
  })
  @ApiOkResponse({ type: TariffLookupDto })
  lookup(@Query() query: TariffLookupQuery): Promise<TariffLookupDto> {
    return this.tariffs.lookup(query);
  }
}
