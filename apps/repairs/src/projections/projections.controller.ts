import { IdempotencyInterceptor, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UptimeProjectionDto, UptimeProjectionRequestDto } from './projection.dto';
import { ProjectionsService } from './projections.service';
import { SparesPlanDto, SparesPlanRequestDto } from './spares-plan.dto';
import { SparesPlanService } from './spares-plan.service';

@ApiTags('projections')
@ApiForbiddenResponse({ description: 'Only mine_manager, repair_staff, erp and admin keys' })
@Controller('projections')
@UseInterceptors(IdempotencyInterceptor)
export class ProjectionsController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly sparesPlans: SparesPlanService,
  ) {}

  @Post('uptime')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.projections)
  @ApiOperation({
    summary: 'Project idle machines, lost hashrate and revenue (METRIC steady state; Monte Carlo per day)',
    description:
      'Stores nothing. Omitted inputs are filled request → scenario → live data → documented defaults; `parameters` says where each came from.',
  })
  @ApiOkResponse({ type: UptimeProjectionDto })
  @ApiBadRequestResponse({ description: 'A bad field (each named), or horizonDays > 730 or runs × horizonDays > 1,000,000' })
  @ApiNotFoundResponse({ description: 'Unknown scenario' })
  uptime(@Body() body: UptimeProjectionRequestDto): Promise<UptimeProjectionDto> {
    return this.projections.uptime(body);
  }

  @Post('spares-plan')
  @HttpCode(200)
  @Roles(...WRITE_ROLES.projections)
  @ApiOperation({
    summary: 'Which spares to buy for a budget or an availability target (Sherbrooke marginal analysis)',
    description: 'Stores nothing. Unit costs: request, else the parts catalog, else documented defaults.',
  })
  @ApiOkResponse({ type: SparesPlanDto })
  @ApiBadRequestResponse({ description: 'A bad field, or not exactly one of budgetUsd and targetAvailability' })
  @ApiNotFoundResponse({ description: 'Unknown scenario' })
  sparesPlan(@Body() body: SparesPlanRequestDto): Promise<SparesPlanDto> {
    return this.sparesPlans.plan(body);
  }
}
