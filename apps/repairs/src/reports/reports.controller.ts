import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IdleHistoryDto } from './idle-history.dto';
import { IdleHistoryService } from './idle-history.service';
import { ReportsService } from './reports.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A report's window of UTC days and its format; each report says its default window. */
export class ReportWindowQuery {
  @ApiPropertyOptional({ example: '2025-01-01', description: 'First day of the window (UTC)' })
  @IsOptional() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01', description: 'The day after the window (exclusive); default tomorrow, so today is in' })
  @IsOptional() @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class IdleHistoryQuery extends ReportWindowQuery {
  @ApiPropertyOptional({ example: 'TX-ROCKDALE', description: 'Only machines of this site (free text, as machines carry it)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  siteCode?: string;
}

function csvAttachment(reply: FastifyReply, name: string): void {
  void reply.header('content-type', 'text/csv; charset=utf-8');
  void reply.header('content-disposition', `attachment; filename="${name}.csv"`);
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly idle: IdleHistoryService,
  ) {}

  @Get('turnaround')
  @ApiOperation({
    summary: 'Turnaround per repair center, component and fault code: percentiles, days in each state, scrap, no-fault-found and re-failure rates',
    description: 'Tickets opened in the window; default the 90 days up to today.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{ from, to, groups: [...] } or the same groups as CSV' })
  async turnaround(@Query() query: ReportWindowQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.turnaround(query.from, query.to);
    if (query.format === 'csv') {
      csvAttachment(reply, `turnaround-${report.from}-${report.to}`);
      return this.reports.toCsv(report.groups);
    }
    return report;
  }

  @Get('idle-history')
  @ApiOperation({
    summary: 'Idle and degraded machines and lost hashrate per day, averaged over each day, by reason; tickets opened and closed per day',
    description:
      'Default window: the 30 days up to today (today averaged over its hours so far); at most 366 days. A machine counts as ' +
      '/fleet/idle counted it: from its ticket\'s creation until the ticket is returned, scrapped or cancelled, under `degraded` ' +
      'when the ticket runs degraded. Reasons follow the ticket\'s status at each moment; whether a ticket waiting for parts waited ' +
      'on a customs hold is not kept, so past days count it under `awaiting_parts`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: IdleHistoryDto, description: 'or the days as CSV' })
  async idleHistory(@Query() query: IdleHistoryQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.idle.report(query.from, query.to, query.siteCode);
    if (query.format === 'csv') {
      csvAttachment(reply, `idle-history-${report.from}-${report.to}`);
      return this.idle.toCsv(report.days);
    }
    return report;
  }
}
