import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { Roles } from '../http/auth/roles';
import { decodeCursor, PageQuery, pageLimit, toPage } from '../http/pagination';

interface ParkedRow {
  id: string;
  consumer: string;
  subject: string;
  event_id: string | null;
  payload: string;
  error: string;
  deliveries: number;
  parked_at: Date;
}

/** Where an operator sees the events a consumer gave up on, newest first (admin only). */
@ApiTags('platform')
@Controller('parked-messages')
export class ParkedMessagesController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  @Roles()
  @ApiOperation({ summary: 'Events parked after repeated failures or invalid payloads (admin)' })
  async list(@Query() query: PageQuery) {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows: ParkedRow[] = await this.dataSource.query(
      `SELECT id, consumer, subject, event_id, payload, error, deliveries, parked_at FROM ${this.config.service}.parked_messages
        WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
      [after ? String(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.id], (row) => ({
      id: Number(row.id),
      consumer: row.consumer,
      subject: row.subject,
      eventId: row.event_id,
      payload: row.payload,
      error: row.error,
      deliveries: row.deliveries,
      parkedAt: row.parked_at.toISOString(),
    }));
  }
}
