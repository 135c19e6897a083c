import { InvalidInput, LocationCreated, UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Inventory owns locations; repairs keeps the codes inventory announced (and the built-in centers) to check references. */
@Injectable()
export class KnownLocations {
  constructor(private readonly dataSource: DataSource) {}

  /** 400 naming the field: the code is a reference inside the body, not the resource in the path. */
  async requireKnown(code: string, field: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM repairs.known_locations WHERE code = $1`, [code]);
    if (rows.length === 0) throw new InvalidInput([`${field}: ${code} is not a known location (create it in inventory first)`]);
  }

  async learn(unit: UnitOfWork, location: LocationCreated): Promise<void> {
    await unit.query(
      `INSERT INTO repairs.known_locations (code, name, kind, region) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [location.code, location.name, location.kind, location.region ?? null],
    );
  }
}
