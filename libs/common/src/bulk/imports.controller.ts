import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { decodeCursor, PageQuery, pageLimit, toPage } from '../http/pagination';
import { UuidParam } from '../http/params';
import { IMPORT_STATES, type ImportState, ImportTracker, type ImportView, toView } from './import-tracker';

export class ImportDto implements ImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'machines' }) kind!: string;
  @ApiProperty({ enum: IMPORT_STATES, description: 'abandoned: was running when its process stopped; it will not finish, send the file again' })
  state!: ImportState;
  @ApiProperty({ description: 'The API key that started it' }) startedBy!: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ description: 'When its last batch committed' }) updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The upload’s Content-Length, when sent' }) bytesTotal!: number | null;
  @ApiProperty({ description: 'Bytes read up to the last committed batch' }) bytesRead!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'bytesRead of bytesTotal, for a progress bar; 100 once completed' }) percent!: number | null;
  @ApiProperty() rowsRead!: number;
  @ApiProperty({ description: 'Batches committed, each one transaction' }) batchesCommitted!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'While running, rows the checks refused so far; once completed, every refused row' }) rejected!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class ImportPageDto {
  @ApiProperty({ type: [ImportDto] }) items!: ImportDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ImportQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'machines' }) @IsOptional() @IsString() @MaxLength(50)
  kind?: string;

  @ApiPropertyOptional({ enum: IMPORT_STATES }) @IsOptional() @IsIn(IMPORT_STATES)
  state?: ImportState;
}

/** Bulk imports of this service, with their progress: what a client's progress bar polls. */
@ApiTags('platform')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportTracker) {}

  @Get()
  @ApiOperation({ summary: 'Bulk imports, newest first, with their progress and outcome; filter by kind and state' })
  @ApiOkResponse({ type: ImportPageDto })
  async list(@Query() query: ImportQuery): Promise<ImportPageDto> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows = await this.imports.list({ kind: query.kind, state: query.state, before: after ? String(after[0]) : undefined, limit: limit + 1 });
    return toPage(rows, limit, (row) => [row.seq], toView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import and its progress: poll it while uploading (choose its id with ?importId= on the bulk route)' })
  @ApiOkResponse({ type: ImportDto })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam) id: string): Promise<ImportDto> {
    return this.imports.get(id);
  }
}
