import { Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { Roles } from '../http/auth/roles';
import { NotFound } from '../errors';
import { IdempotencyInterceptor } from '../http/idempotency';
import { decodeCursor, PageQuery, pageLimit, toPage } from '../http/pagination';
import { EventConsumers, REPLAY_OUTCOMES, type ReplayOutcome } from '../messaging/event-consumers';

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

export class ReplayDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: REPLAY_OUTCOMES, description: 'already_handled: the consumer had handled this event before; it is only unparked' })
  outcome!: ReplayOutcome;
}

/** Where an operator sees the events a consumer gave up on, newest first, and hands them back once fixed (admin only). */
@ApiTags('platform')
@Controller('parked-messages')
@UseInterceptors(IdempotencyInterceptor)
export class ParkedMessagesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
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

  @Post(':id/replay')
  @Roles()
  @HttpCode(200)
  @ApiOperation({ summary: 'Hands a parked event to its consumer again once its cause is fixed: handled and unparked in one transaction, at most once (admin)' })
  @ApiOkResponse({ type: ReplayDto })
  @ApiNotFoundResponse({ description: 'No such parked message (or replayed already)' })
  @ApiConflictResponse({ description: 'replay_failed (it stays parked, with the new error), parked_message_invalid, parked_message_unroutable' })
  async replay(@Param('id') id: string): Promise<ReplayDto> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new NotFound('parked message', id);
    return { id: Number(id), outcome: await this.consumers.replayParked(Number(id)) };
  }
}
