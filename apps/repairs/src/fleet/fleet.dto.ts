import { ApiProperty } from '@nestjs/swagger';
import { IDLE_REASONS } from '../tickets/ticket.rules';

export class IdleBySiteDto {
  @ApiProperty() siteCode!: string;
  @ApiProperty({ description: 'Idle machines (degraded ones excluded)' }) idle!: number;
  @ApiProperty({ description: 'Machines registered at the site' }) machines!: number;
  @ApiProperty({ description: 'Machines running degraded' }) degraded!: number;
  @ApiProperty() lostHashrateThs!: number;
}

export class IdleByModelDto {
  @ApiProperty() model!: string;
  @ApiProperty() idle!: number;
  @ApiProperty() machines!: number;
  @ApiProperty() degraded!: number;
  @ApiProperty() lostHashrateThs!: number;
}

export class IdleByReasonDto {
  @ApiProperty({ enum: IDLE_REASONS }) reason!: string;
  @ApiProperty() idle!: number;
  @ApiProperty() lostHashrateThs!: number;
}

export class DegradedDto {
  @ApiProperty() count!: number;
  @ApiProperty() lostHashrateThs!: number;
}

export class FleetIdleDto {
  @ApiProperty({ description: 'Idle machines: an open ticket that does not run degraded' }) total!: number;
  @ApiProperty({ description: 'Hashrate lost by idle and degraded machines together, TH/s' }) lostHashrateThs!: number;
  @ApiProperty({ type: DegradedDto }) degraded!: DegradedDto;
  @ApiProperty({ description: 'Machines registered in the fleet' }) machines!: number;
  @ApiProperty({ type: [IdleBySiteDto] }) bySite!: IdleBySiteDto[];
  @ApiProperty({ type: [IdleByModelDto] }) byModel!: IdleByModelDto[];
  @ApiProperty({ type: [IdleByReasonDto], description: 'Every reason, zeros included' }) byReason!: IdleByReasonDto[];
  @ApiProperty() asOf!: string;
}

export class ActiveHoldDto {
  @ApiProperty() holdId!: string;
  @ApiProperty() shipmentId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() destinationCode!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty() daysHeld!: number;
  @ApiProperty({ description: 'SKUs and quantities it blocks' }) lines!: Array<{ sku: string; quantity: number }>;
  @ApiProperty({ description: 'Open tickets awaiting one of its SKUs at its destination' }) ticketsWaiting!: number;
}
