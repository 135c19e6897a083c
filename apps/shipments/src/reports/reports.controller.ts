import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DutyReportDto, HoldsReportDto, ReportQuery, ShipmentsReportDto } from './report.dto';
import { ReportsService } from './reports.service';

/** JSON by default; `?format=csv` answers text/csv. */
function asCsv(reply: FastifyReply, name: string, csv: string): string {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  return csv;
}

@ApiTags('reports')
@ApiProduces('application/json', 'text/csv')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('shipments')
  @ApiOperation({ summary: 'Shipments created in [from, to): counts by status, lane and origin' })
  @ApiOkResponse({ type: ShipmentsReportDto })
  async shipments(@Query() query: ReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<ShipmentsReportDto | string> {
    const report = await this.reports.shipmentsReport(query);
    return query.format === 'csv' ? asCsv(reply, 'shipments', this.reports.shipmentsCsv(report)) : report;
  }

  @Get('holds')
  @ApiOperation({ summary: 'Customs holds opened in [from, to): dwell (days held) by port, reason and origin' })
  @ApiOkResponse({ type: HoldsReportDto })
  async holds(@Query() query: ReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<HoldsReportDto | string> {
    const report = await this.reports.holdsReport(query);
    return query.format === 'csv' ? asCsv(reply, 'holds', this.reports.holdsCsv(report)) : report;
  }

  @Get('duty')
  @ApiOperation({ summary: 'Duty of shipments entered in [from, to), by origin and month' })
  @ApiOkResponse({ type: DutyReportDto })
  async duty(@Query() query: ReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<DutyReportDto | string> {
    const report = await this.reports.dutyReport(query);
    return query.format === 'csv' ? asCsv(reply, 'duty', this.reports.dutyCsv(report)) : report;
  }
}
