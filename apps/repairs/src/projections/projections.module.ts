import { Module } from '@nestjs/common';
import { HoldsInsightService } from './holds-insight.service';
import { InsightsController } from './insights.controller';
import { LiveDataRepository } from './live-data.repository';
import { ProjectionReadModels } from './projection-read-models.messages';
import { ProjectionsController } from './projections.controller';
import { ProjectionsService } from './projections.service';
import { ScenariosController } from './scenarios.controller';
import { ScenariosRepository } from './scenarios.repository';
import { ScenariosService } from './scenarios.service';
import { SparesPlanService } from './spares-plan.service';

/** Uptime projections, spares plans, scenarios and the customs-hold insight, on the pure core in ../projection. */
@Module({
  controllers: [ProjectionsController, ScenariosController, InsightsController],
  providers: [
    ProjectionsService, SparesPlanService, ScenariosService, ScenariosRepository, HoldsInsightService, LiveDataRepository,
    ProjectionReadModels,
  ],
})
export class ProjectionsModule {}
