import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { TicketsModule } from '../tickets/tickets.module';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [MachinesModule, TicketsModule], providers: [DemoDataService] })
export class DemoModule {}
