import { Module } from '@nestjs/common';
import { IdleHistoryService } from './idle-history.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, IdleHistoryService] })
export class ReportsModule {}
