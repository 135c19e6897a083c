import { groupBy, mean, toCsv } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { daysHeld, dwellStats } from '../customs/hold.rules';
import { entryDateOf, toDutyLine } from '../duty/duty.service';
import { assessDuty } from '../duty/duty.rules';
import { HOLD_COLUMNS, SHIPMENT_COLUMNS } from '../database/select-columns';
import { HoldRow, ShipmentRow, ShipmentsRepository } from '../shipments/shipments.repository';
import { TariffsService } from '../tariffs/tariffs.service';
import { DutyReportDto, DwellStatsDto, GroupDwellDto, HoldsReportDto, ReportQuery, ShipmentsReportDto } from './report.dto';
import { dutyByOriginAndMonth, dutyByOriginAndMonthCsv, DutyPaid, shipmentsByLane, shipmentsByOrigin, shipmentsByStatus } from './report.rules';

const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

/** Reports over a date range [from, to): SQL gathers the rows, the report and hold rules aggregate. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly tariffs: TariffsService,
  ) {}

  async shipmentsReport(query: ReportQuery): Promise<ShipmentsReportDto> {
    const rows: Array<{ status: ShipmentRow['status']; originCountry: string; destinationCode: string }> = await this.dataSource.query(
      `SELECT status, origin_country AS "originCountry", destination_code AS "destinationCode" FROM shipments
       WHERE ($1::date IS NULL OR created_at >= ($1::date::timestamp AT TIME ZONE 'UTC')) AND ($2::date IS NULL OR created_at < ($2::date::timestamp AT TIME ZONE 'UTC'))`,
      [query.from ?? null, query.to ?? null],
    );
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      total: rows.length,
      byStatus: shipmentsByStatus(rows),
      byLane: shipmentsByLane(rows),
      byOrigin: shipmentsByOrigin(rows),
    };
  }

  shipmentsCsv(report: ShipmentsReportDto): string {
    return toCsv(['dimension', 'key', 'count'], [
      ...Object.entries(report.byStatus).map(([status, count]) => ['status', status, count]),
      ...report.byLane.map((lane) => ['lane', lane.lane, lane.count]),
      ...report.byOrigin.map((origin) => ['origin', origin.originCountry, origin.count]),
    ]);
  }

  async holdsReport(query: ReportQuery): Promise<HoldsReportDto> {
    const rows: Array<HoldRow & { originCountry: string }> = await this.dataSource.query(
      `SELECT ${HOLD_COLUMNS}, s.origin_country AS "originCountry" FROM customs_holds h JOIN shipments s ON s.id = h.shipment_id
       WHERE ($1::date IS NULL OR h.opened_at >= ($1::date::timestamp AT TIME ZONE 'UTC')) AND ($2::date IS NULL OR h.opened_at < ($2::date::timestamp AT TIME ZONE 'UTC'))`,
      [query.from ?? null, query.to ?? null],
    );
    const now = new Date();
    const held = rows.map((row) => ({ row, days: daysHeld({ heldAt: row.openedAt, releasedAt: row.releasedAt }, now) }));
    const stats = (group: typeof held): DwellStatsDto => {
      const days = group.map((item) => item.days);
      const base = dwellStats(days);
      return {
        count: base.count,
        medianDays: round(base.medianDays),
        p90Days: round(base.p90Days),
        meanDays: round(mean(days)),
        active: group.filter((item) => item.row.releasedAt === null).length,
      };
    };
    const by = (key: (row: HoldRow & { originCountry: string }) => string | null): GroupDwellDto[] =>
      [...groupBy(held, (item) => key(item.row) ?? 'unknown').entries()]
        .map(([name, group]) => ({ key: name, ...stats(group) }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      overall: stats(held),
      byPort: by((row) => row.portOfEntry),
      byReason: by((row) => row.reason),
      byOrigin: by((row) => row.originCountry),
    };
  }

  holdsCsv(report: HoldsReportDto): string {
    const row = (dimension: string, group: GroupDwellDto) => [dimension, group.key, group.count, group.active, group.medianDays, group.p90Days, group.meanDays];
    return toCsv(['dimension', 'key', 'count', 'active', 'medianDays', 'p90Days', 'meanDays'], [
      row('overall', { key: 'all', ...report.overall }),
      ...report.byPort.map((group) => row('port', group)),
      ...report.byReason.map((group) => row('reason', group)),
      ...report.byOrigin.map((group) => row('origin', group)),
    ]);
  }

  /**
   * Duty of every arrived shipment whose entry date falls in range, by origin and month. Entry is on
   * arrival or at a bonded hold's release: the SQL keeps the shipments with either in range (or a
   * bonded hold not released yet), so a year of history is not read for a month, and the entry rule decides.
   */
  async dutyReport(query: ReportQuery): Promise<DutyReportDto> {
    const shipments: ShipmentRow[] = await this.dataSource.query(
      `SELECT ${SHIPMENT_COLUMNS} FROM shipments s
        WHERE s.arrived_at IS NOT NULL
          AND ($2::date IS NULL OR s.arrived_at < ($2::date::timestamp AT TIME ZONE 'UTC')
               OR EXISTS (SELECT 1 FROM customs_holds b WHERE b.shipment_id = s.id AND b.bonded
                             AND b.released_at < ($2::date::timestamp AT TIME ZONE 'UTC')))
          AND ($1::date IS NULL OR s.arrived_at >= ($1::date::timestamp AT TIME ZONE 'UTC')
               OR EXISTS (SELECT 1 FROM customs_holds b WHERE b.shipment_id = s.id AND b.bonded
                             AND (b.released_at IS NULL OR b.released_at >= ($1::date::timestamp AT TIME ZONE 'UTC'))))`,
      [query.from ?? null, query.to ?? null],
    );
    const ids = shipments.map((shipment) => shipment.id);
    const [lines, holds]: [Awaited<ReturnType<ShipmentsRepository['linesOf']>>, HoldRow[]] = await Promise.all([
      this.shipments.linesOf(ids),
      this.dataSource.query(`SELECT ${HOLD_COLUMNS} FROM customs_holds h WHERE h.shipment_id = ANY($1::uuid[]) ORDER BY h.opened_at`, [ids]),
    ]);
    const linesByShipment = groupBy(lines, (line) => line.shipmentId);
    const holdsByShipment = groupBy(holds, (hold) => hold.shipmentId);
    const schedule = await this.tariffs.schedule(lines.map((line) => line.countryOfOrigin));
    const paid: DutyPaid[] = [];
    let shipmentCount = 0;
    for (const shipment of shipments) {
      const entry = entryDateOf(shipment, holdsByShipment.get(shipment.id) ?? []);
      if (entry.provisional) continue;
      if ((query.from && entry.entryDate < query.from) || (query.to && entry.entryDate >= query.to)) continue;
      shipmentCount += 1;
      const assessment = assessDuty((linesByShipment.get(shipment.id) ?? []).map(toDutyLine), schedule, entry.entryDate);
      paid.push(...assessment.lines.map((line) => ({ countryOfOrigin: line.countryOfOrigin, entryDate: entry.entryDate, dutyUsd: line.dutyUsd })));
    }
    return { from: query.from ?? null, to: query.to ?? null, shipmentCount, rows: dutyByOriginAndMonth(paid) };
  }

  dutyCsv(report: DutyReportDto): string {
    return dutyByOriginAndMonthCsv(report.rows);
  }
}
