import { IdempotencyInterceptor, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateLocationDto, LocationDto, LocationQuery } from './location.dto';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('locations')
@UseInterceptors(IdempotencyInterceptor)
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Post()
  @Roles(...WRITE_ROLES.catalog)
  @ApiOperation({ summary: 'Create a location: repair center, mine site, port, bonded warehouse or supplier' })
  @ApiCreatedResponse({ type: LocationDto })
  @ApiConflictResponse({ description: 'The code exists already' })
  create(@Body() body: CreateLocationDto): Promise<LocationDto> {
    return this.locations.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List locations, by code' })
  list(@Query() query: LocationQuery) {
    return this.locations.list(query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One location' })
  get(@Param('code') code: string): Promise<LocationDto> {
    return this.locations.get(code);
  }
}
