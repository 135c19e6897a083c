import { Inject, Injectable } from '@nestjs/common';
import { QueryRunner, DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { BUILT_IN_REPAIR_CENTERS, type LocationCreated } from '../contracts/inventory.contract';
import { InvalidInput } from '../errors';
import { type UnitOfWork } from '../messaging/transactions';

export interface KnownLocation {
  code: string;
  name: string;
  kind: string;
  region: string | null;
}

/**
 * For services other than inventory: their own table of the location codes inventory announced,
 * seeded with the built-in repair centers so they are known from first start.
 */
export async function createKnownLocationsTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE ${schema}.known_locations (
      code text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      region text,
      learned_at timestamptz NOT NULL DEFAULT now()
    )`);
  for (const center of BUILT_IN_REPAIR_CENTERS) {
    await queryRunner.query(
      `INSERT INTO ${schema}.known_locations (code, name, kind, region) VALUES ($1, $2, 'repair_center', $3)`,
      [center.code, center.name, center.region],
    );
  }
}

/**
 * Inventory owns locations; this read model answers whether a code in a request names one. The
 * owning service feeds it from InventoryEvents.locationCreated with `learn`.
 */
@Injectable()
export class KnownLocations {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async find(code: string, unit?: UnitOfWork): Promise<KnownLocation | null> {
    const sql = `SELECT code, name, kind, region FROM ${this.config.service}.known_locations WHERE code = $1`;
    const rows: KnownLocation[] = unit ? await unit.query(sql, [code]) : await this.dataSource.query(sql, [code]);
    return rows[0] ?? null;
  }

  /** 400 naming the field: the code is a reference inside the body, not the resource in the path. */
  async requireKnown(code: string, field: string, unit?: UnitOfWork): Promise<KnownLocation> {
    const location = await this.find(code, unit);
    if (!location) throw new InvalidInput([`${field}: ${code} is not a known inventory location code (create it in inventory first)`]);
    return location;
  }

  async learn(unit: UnitOfWork, location: LocationCreated): Promise<void> {
    await unit.query(
      `INSERT INTO ${this.config.service}.known_locations (code, name, kind, region) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, region = EXCLUDED.region`,
      [location.code, location.name, location.kind, location.region ?? null],
    );
  }
}
