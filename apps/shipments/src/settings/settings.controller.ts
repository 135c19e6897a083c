import { IdempotencyInterceptor, Roles, WRITE_ROLES } from '@app/common';
import { Body, Controller, Get, Put, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SettingsDto, UpdateSettingsDto } from './settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
@UseInterceptors(IdempotencyInterceptor)
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Entry fees used for landed cost (MPF, HMF) and the ETA default transit' })
  @ApiOkResponse({ type: SettingsDto })
  get(): Promise<SettingsDto> {
    return this.settings.get();
  }

  @Put()
  @Roles(...WRITE_ROLES.tariffs)
  @ApiOperation({ summary: 'Change entry fees or the default transit; fields left out keep their value' })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse({ description: 'Names every bad field' })
  update(@Body() body: UpdateSettingsDto): Promise<SettingsDto> {
    return this.settings.update(body);
  }
}
