import { UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TariffEntry, TariffTerms } from './tariff.rules';

export interface TariffRow extends TariffEntry {
  note: string | null;
  createdAt: Date;
}

const COLUMNS = `id, country_of_origin AS "countryOfOrigin", hs_code AS "hsCode", program, rate_pct AS "ratePct",
  effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo", note, created_at AS "createdAt"`;

type Runner = Pick<UnitOfWork, 'query'> | DataSource;

/** The tariff schedule's SQL. Dates are read as text: 'YYYY-MM-DD', free of time zones. */
@Injectable()
export class TariffsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises writers of one country+code+program, so two overlapping tariffs cannot both pass the check. */
  async lockTerms(unit: UnitOfWork, terms: TariffTerms): Promise<void> {
    await unit.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`tariff:${terms.countryOfOrigin}:${terms.hsCode}:${terms.program}`]);
  }

  sameTerms(unit: UnitOfWork, terms: TariffTerms): Promise<TariffRow[]> {
    return unit.query(`SELECT ${COLUMNS} FROM tariffs WHERE country_of_origin = $1 AND hs_code = $2 AND program = $3`, [
      terms.countryOfOrigin,
      terms.hsCode,
      terms.program,
    ]);
  }

  async insert(unit: UnitOfWork, id: string, terms: TariffTerms, note: string | null, actor: string): Promise<TariffRow> {
    const rows: TariffRow[] = await unit.query(
      `INSERT INTO tariffs (id, country_of_origin, hs_code, program, rate_pct, effective_from, effective_to, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [id, terms.countryOfOrigin, terms.hsCode, terms.program, terms.ratePct, terms.effectiveFrom, terms.effectiveTo, note, actor],
    );
    return rows[0];
  }

  list(filter: { countryOfOrigin?: string; hsCode?: string; program?: string; after?: string }, limit: number): Promise<TariffRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.countryOfOrigin) add('country_of_origin = ?', filter.countryOfOrigin);
    if (filter.hsCode) add('hs_code = ?', filter.hsCode);
    if (filter.program) add('program = ?', filter.program);
    if (filter.after) add('id > ?', filter.after);
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM tariffs ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
      params,
    );
  }

  /** Every entry for these origins: the schedule a duty computation looks codes up in. */
  forOrigins(origins: readonly string[], runner: Runner = this.dataSource): Promise<TariffRow[]> {
    return runner.query(`SELECT ${COLUMNS} FROM tariffs WHERE country_of_origin = ANY($1)`, [[...new Set(origins)]]);
  }

  count(): Promise<number> {
    return this.dataSource.query(`SELECT count(*)::int AS n FROM tariffs`).then((rows: Array<{ n: number }>) => rows[0].n);
  }
}
