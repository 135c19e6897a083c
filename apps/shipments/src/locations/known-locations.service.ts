import { EventConsumers, InventoryEvents, InvalidInput, LocationCreated, on, STREAMS, UnitOfWork } from '@app/common';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface KnownLocation {
  code: string;
  name: string;
  kind: string;
  region: string | null;
}

/**
 * Inventory's location codes as this service knows them: the built-in repair centers from the
 * first migration, every other one from inventory's `location.created` events.
 */
@Injectable()
export class KnownLocationsService implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: 'shipments-on-inventory',
      stream: STREAMS.inventory,
      filterSubject: InventoryEvents.locationCreated.subject,
      handlers: [on(InventoryEvents.locationCreated, (data, unit) => this.learn(data, unit))],
    });
  }

  private async learn(location: LocationCreated, unit: UnitOfWork): Promise<void> {
    await unit.query(
      `INSERT INTO known_locations (code, name, kind, region) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, region = EXCLUDED.region`,
      [location.code, location.name, location.kind, location.region ?? null],
    );
  }

  async find(code: string, unit?: UnitOfWork): Promise<KnownLocation | null> {
    const sql = `SELECT code, name, kind, region FROM known_locations WHERE code = $1`;
    const rows: KnownLocation[] = unit ? await unit.query(sql, [code]) : await this.dataSource.query(sql, [code]);
    return rows[0] ?? null;
  }

  /** A destination must be an inventory location: a 400 naming the field, since the body is what is wrong. */
  async requireDestination(code: string, unit?: UnitOfWork): Promise<KnownLocation> {
    const location = await this.find(code, unit);
    if (!location) {
      throw new InvalidInput([`destinationCode: ${code} is not a known inventory location code (create it in inventory first)`]);
    }
    return location;
  }
}
