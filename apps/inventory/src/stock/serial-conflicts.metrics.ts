import { Metrics } from '@app/common';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

/** `inventory_serial_conflicts_open` on /metrics: serials waiting for someone to sort them out (GET /serial-conflicts). */
@Injectable()
export class SerialConflictsGauge {
  constructor(metrics: Metrics, dataSource: DataSource) {
    new Gauge({
      name: 'inventory_serial_conflicts_open',
      help: 'Serials a shipment or harvest named that could not be tracked, not yet resolved',
      registers: [metrics.registry],
      async collect() {
        const rows: Array<{ count: string }> = await dataSource
          .query(`SELECT count(*) AS count FROM serial_conflicts WHERE resolved_at IS NULL`)
          .catch(() => [{ count: '-1' }]);
        this.set(Number(rows[0].count));
      },
    });
  }
}
