import { Controller, Get, MessageEvent, Res, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { ActiveHoldDto, FleetIdleDto } from './fleet.dto';
import { FleetService } from './fleet.service';
import { IdleStream } from './idle-stream';

@ApiTags('fleet')
@Controller('fleet')
export class FleetController {
  constructor(
    private readonly fleet: FleetService,
    private readonly stream: IdleStream,
  ) {}

  @Get('idle')
  @ApiOperation({
    summary: 'Idle machines now: total, lost hashrate, by site, model and reason (awaiting_diagnosis, in_repair, awaiting_parts, customs_hold, in_transit)',
    description:
      'A machine is idle from its ticket\'s creation until the ticket is returned or cancelled; a ticket that runs degraded counts under `degraded` instead. ' +
      'Each ticket counts under its machine\'s site and model (a machine a re-import moves takes its count along). ' +
      'Served from memory: a write made through this service process shows at once (before that write\'s request returns); ' +
      'a write made through another replica of the service shows within 1 second (usually 250 ms). `asOf` is when the counters were read.',
  })
  @ApiOkResponse({ type: FleetIdleDto })
  async idle(@Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const snapshot = await this.fleet.current();
    // The body is serialised once per answer, not once per request.
    reply.header('content-type', 'application/json; charset=utf-8');
    return snapshot.body;
  }

  @Sse('idle/stream')
  @ApiOperation({ summary: 'The same as GET /fleet/idle, as server-sent events: one on connect, then one per change (at most ~4 a second)' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'event: idle, data: the FleetIdle JSON' })
  idleStream(): Observable<MessageEvent> {
    return this.stream.updates$;
  }

  @Get('holds')
  @ApiOperation({ summary: 'Active customs holds (from the shipments service), with how many tickets wait on them' })
  @ApiOkResponse({ type: [ActiveHoldDto] })
  holds(): Promise<ActiveHoldDto[]> {
    return this.fleet.activeHolds();
  }
}
