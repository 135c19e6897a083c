import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ScenarioDefinition } from '../projection';

export interface ScenarioRow {
  name: string;
  description: string;
  start_date: string | null;
  hold_probability: number;
  mean_hold_days: number;
  extra_lead_time_days: number;
  cut_off_makers: string[];
  cut_off_origins: string[];
  second_supplier_share: number;
  second_supplier_turnaround_days: number;
  built_in: boolean;
  updated_at: Date;
}

const COLUMNS = `name, description, to_char(start_date, 'YYYY-MM-DD') AS start_date, hold_probability, mean_hold_days,
  extra_lead_time_days, cut_off_makers, cut_off_origins, second_supplier_share, second_supplier_turnaround_days, built_in, updated_at`;

export function toDefinition(row: ScenarioRow): ScenarioDefinition {
  return {
    name: row.name,
    description: row.description,
    ...(row.start_date ? { startDate: row.start_date } : {}),
    holdProbability: row.hold_probability,
    meanHoldDays: row.mean_hold_days,
    extraLeadTimeDays: row.extra_lead_time_days,
    cutOffMakers: row.cut_off_makers,
    cutOffOrigins: row.cut_off_origins,
    secondSupplierShare: row.second_supplier_share,
    secondSupplierTurnaroundDays: row.second_supplier_turnaround_days,
    builtIn: row.built_in,
  };
}

@Injectable()
export class ScenariosRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(name: string): Promise<ScenarioRow | undefined> {
    const rows: ScenarioRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM repairs.scenarios WHERE name = $1`, [name]);
    return rows[0];
  }

  /** Keyset page by name, `limit + 1` rows. */
  async page(after: string | undefined, limit: number): Promise<ScenarioRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM repairs.scenarios WHERE ($1::text IS NULL OR name > $1) ORDER BY name LIMIT $2`,
      [after ?? null, limit + 1],
    );
  }

  /** Insert or replace; a seeded scenario stays marked built-in. Answers whether it was new. */
  async upsert(scenario: ScenarioDefinition): Promise<{ row: ScenarioRow; created: boolean }> {
    const rows: Array<ScenarioRow & { created: boolean }> = await this.dataSource.query(
      `INSERT INTO repairs.scenarios AS s (name, description, start_date, hold_probability, mean_hold_days, extra_lead_time_days,
         cut_off_makers, cut_off_origins, second_supplier_share, second_supplier_turnaround_days, built_in)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false)
       ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, start_date = EXCLUDED.start_date,
         hold_probability = EXCLUDED.hold_probability, mean_hold_days = EXCLUDED.mean_hold_days,
         extra_lead_time_days = EXCLUDED.extra_lead_time_days, cut_off_makers = EXCLUDED.cut_off_makers,
         cut_off_origins = EXCLUDED.cut_off_origins, second_supplier_share = EXCLUDED.second_supplier_share,
         second_supplier_turnaround_days = EXCLUDED.second_supplier_turnaround_days, updated_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [scenario.name, scenario.description, scenario.startDate ?? null, scenario.holdProbability, scenario.meanHoldDays,
        scenario.extraLeadTimeDays, scenario.cutOffMakers, scenario.cutOffOrigins, scenario.secondSupplierShare,
        scenario.secondSupplierTurnaroundDays],
    );
    const { created, ...row } = rows[0];
    return { row, created };
  }
}
