import { HttpOutcome, IdempotencyInterceptor, InvalidInput, Roles, WRITE_ROLES } from '@app/common';
import { randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { importFormatOf } from '@app/common/bulk/import-runner';
import { Body, Controller, Get, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiQuery, ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CreateMachineDto, MachineDetailDto, MachineImportResultDto, MachinePageDto, MachineQuery } from './machine.dto';
import { MachinesService } from './machines.service';

@ApiTags('machines')
@Controller('machines')
@UseInterceptors(IdempotencyInterceptor)
export class MachinesController {
  constructor(private readonly machines: MachinesService) {}

  @Post()
  @Roles(...WRITE_ROLES.machines)
  @ApiOperation({ summary: 'Register one machine; the maker follows from the model unless given' })
  @ApiCreatedResponse({ type: MachineDetailDto })
  @ApiConflictResponse({ description: 'The serial is registered already' })
  @ApiBadRequestResponse({ description: 'Names every bad field' })
  create(@Body() body: CreateMachineDto): Promise<MachineDetailDto> {
    return this.machines.create(body);
  }

  @Post('bulk')
  @Roles(...WRITE_ROLES.machines)
  @ApiOperation({
    summary: 'Register or update machines in bulk, streamed: a JSON array or text/csv with the same columns',
    description:
      'Columns: serial, model, siteCode, hashrateThs, powerW, maker (optional). Written in batches of 10,000, each one ' +
      'transaction; a bad row is listed in `rejected` and never stops the good ones. Idempotent: sending the same file ' +
      'again creates nothing and updates only changed rows; a machine down for repair that moves to another site or ' +
      'model takes its idle count along. 201 when anything was created, else 200. Each import is tracked: ' +
      'GET /imports/{importId} shows its progress as batches commit (percent of the upload when Content-Length is sent); ' +
      'choose importId up front to follow it while uploading.',
  })
  @ApiQuery({ name: 'importId', required: false, description: 'A UUID to follow this import by at GET /imports/{importId}; one is made when omitted' })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ schema: { type: 'array', items: { $ref: '#/components/schemas/CreateMachineDto' } } })
  @ApiCreatedResponse({ type: MachineImportResultDto })
  @ApiOkResponse({ type: MachineImportResultDto, description: 'Nothing new was created' })
  @ApiBadRequestResponse({ description: 'Not a JSON array, a CSV header with missing or unknown columns, or an importId that is not a UUID' })
  @ApiConflictResponse({ description: 'importId names an import that exists already' })
  async bulk(@Req() request: FastifyRequest): Promise<HttpOutcome<MachineImportResultDto>> {
    const body = request.body as AsyncIterable<Buffer> | undefined;
    if (!body || typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
      throw new InvalidInput(['body: send a JSON array or text/csv']);
    }
    const { importId = randomUUID() } = request.query as { importId?: unknown };
    if (typeof importId !== 'string' || !isUUID(importId)) throw new InvalidInput(['importId: must be a UUID']);
    const length = Number(request.headers['content-length']);
    const bytesTotal = Number.isSafeInteger(length) && length > 0 ? length : null;
    const summary = await this.machines.import(body, importFormatOf(request.headers['content-type']), { importId, bytesTotal });
    return new HttpOutcome(summary.created > 0 ? 201 : 200, { importId, ...summary });
  }

  @Get()
  @ApiOperation({ summary: 'List machines by serial, filtered by site, model and state (running, idle, degraded, scrapped)' })
  @ApiOkResponse({ type: MachinePageDto })
  list(@Query() query: MachineQuery): Promise<MachinePageDto> {
    return this.machines.list(query);
  }

  @Get(':serial')
  @ApiOperation({ summary: 'One machine, with its installed serialized parts and its current ticket' })
  @ApiOkResponse({ type: MachineDetailDto })
  @ApiNotFoundResponse()
  get(@Param('serial') serial: string): Promise<MachineDetailDto> {
    return this.machines.get(serial);
  }
}
