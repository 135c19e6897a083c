import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { currentActor } from '../../request-context';
import { IdempotencyInterceptor } from '../idempotency';
import { decodeCursor, PageQuery, pageLimit, toPage } from '../pagination';
import { UuidParam } from '../params';
import { ApiKeysService } from './api-keys.service';
import { type Role, ROLES, Roles } from './roles';

export class CreateApiKeyDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({ example: 'AR repair bench scanner', maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
}

export class CreatedApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'The secret: shown only in this response' }) key!: string;
}

@ApiTags('api-keys')
@Controller('api-keys')
@UseInterceptors(IdempotencyInterceptor)
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Roles()
  @ApiOperation({ summary: 'Create an API key (admin); the key is shown once and works on all three services at once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(body.name, body.role, currentActor());
  }

  @Get()
  @Roles()
  @ApiOperation({ summary: 'List API keys without their secrets (admin)' })
  async list(@Query() query: PageQuery) {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.apiKeys.list(limit + 1, after ? { createdAt: String(after[0]), id: String(after[1]) } : undefined);
    return toPage(rows, limit, (row) => [row.createdAt, row.id], (row) => row);
  }

  @Delete(':id')
  @Roles()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key at once, on every service (admin)' })
  @ApiNoContentResponse()
  async revoke(@Param('id', UuidParam) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
