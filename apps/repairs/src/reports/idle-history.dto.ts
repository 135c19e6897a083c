import { ApiProperty } from '@nestjs/swagger';

export class IdleByReasonDto {
  @ApiProperty() awaiting_diagnosis!: number;
  @ApiProperty() in_repair!: number;
  @ApiProperty({ description: 'Waiting for parts, customs holds included (past days do not keep which waits were on a held shipment)' })
  awaiting_parts!: number;
  @ApiProperty({ description: 'Repaired, on the way back (ready_to_return)' }) in_transit!: number;
}

export class IdleDayDto {
  @ApiProperty({ example: '2026-11-23', description: 'UTC day' }) date!: string;
  @ApiProperty({ description: 'Machines down, averaged over the day (today: over its hours so far); degraded ones excluded' })
  idleMachines!: number;
  @ApiProperty({ description: 'Machines running degraded under an open ticket, averaged over the day' }) degradedMachines!: number;
  @ApiProperty({ description: 'TH/s lost to down and degraded machines, averaged over the day' }) lostHashrateThs!: number;
  @ApiProperty({ type: IdleByReasonDto, description: 'idleMachines split by what the tickets were doing' }) byReason!: IdleByReasonDto;
  @ApiProperty() ticketsOpened!: number;
  @ApiProperty({ description: 'Tickets returned, scrapped or cancelled that day' }) ticketsClosed!: number;
}

export class IdleHistoryDto {
  @ApiProperty({ example: '2026-10-25' }) from!: string;
  @ApiProperty({ example: '2026-11-24', description: 'Exclusive' }) to!: string;
  @ApiProperty({ nullable: true, type: String }) siteCode!: string | null;
  @ApiProperty({ type: [IdleDayDto], description: 'One entry per day of the window that has begun, oldest first' }) days!: IdleDayDto[];
}
