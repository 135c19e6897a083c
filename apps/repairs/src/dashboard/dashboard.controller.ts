import { Public } from '@app/common';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DASHBOARD_HTML } from './dashboard.page';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: "The mine managers' page (no key needed for the page; its data calls need one)" })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML' })
  page(): string {
    return DASHBOARD_HTML;
  }
}
