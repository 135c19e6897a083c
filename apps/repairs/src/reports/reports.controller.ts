import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ReportsService } from './reports.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TurnaroundQuery {
  @ApiPropertyOptional({ example: '2025-01-01', description: 'Tickets opened on or after this date (UTC); default 90 days before `to`' })
  @IsOptional() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01', description: 'Tickets opened before this date (exclusive); default tomorrow' })
  @IsOptional() @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('turnaround')
  @ApiOperation({ summary: 'Turnaround per repair center, component and fault code: percentiles, days in each state, scrap, no-fault-found and re-failure rates' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{ from, to, groups: [...] } or the same groups as CSV' })
  async turnaround(@Query() query: TurnaroundQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.turnaround(query.from, query.to);
    if (query.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', `attachment; filename="turnaround-${report.from}-${report.to}.csv"`);
      return this.reports.toCsv(report.groups);
    }
    return report;
  }
}
