import { HttpOutcome, IdempotencyInterceptor, Roles } from '@app/common';
import { Body, Controller, Get, Param, Put, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { PutScenarioDto, ScenarioDto, ScenarioPageDto, ScenarioQuery } from './scenario.dto';
import { ScenariosService } from './scenarios.service';

@ApiTags('scenarios')
@Controller('scenarios')
@UseInterceptors(IdempotencyInterceptor)
export class ScenariosController {
  constructor(private readonly scenarios: ScenariosService) {}

  @Get()
  @ApiOperation({ summary: 'Projection scenarios by name (the built-ins baseline, regulatory, sanctions and custom ones)' })
  @ApiOkResponse({ type: ScenarioPageDto })
  list(@Query() query: ScenarioQuery): Promise<ScenarioPageDto> {
    return this.scenarios.list(query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'One scenario' })
  @ApiOkResponse({ type: ScenarioDto })
  @ApiNotFoundResponse({ description: 'No scenario with this name' })
  get(@Param('name') name: string): Promise<ScenarioDto> {
    return this.scenarios.get(name);
  }

  @Put(':name')
  @Roles('mine_manager')
  @ApiOperation({ summary: 'Add a scenario or replace one (built-ins may be tuned)' })
  @ApiOkResponse({ type: ScenarioDto, description: 'Replaced' })
  @ApiCreatedResponse({ type: ScenarioDto, description: 'Added' })
  @ApiBadRequestResponse({ description: 'A bad field or name; the message names each' })
  @ApiForbiddenResponse({ description: 'Only mine_manager and admin keys edit scenarios' })
  async put(@Param('name') name: string, @Body() body: PutScenarioDto): Promise<HttpOutcome<ScenarioDto>> {
    const { scenario, created } = await this.scenarios.put(name, body);
    return new HttpOutcome(created ? 201 : 200, scenario);
  }
}
