import { Conflict, currentActor, decodeCursor, InvalidInput, Page, pageLimit, toPage, Transactions, UnitOfWork } from '@app/common';
import { formatRatePct, normalizeHtsCode, utcDate } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CreateTariffDto, TariffDto, TariffLookupDto, TariffLookupQuery, TariffQuery } from './tariff.dto';
import { findOverlap, lookupTariffs, TariffEntry, TariffInput, toTariffTerms, validateTariff } from './tariff.rules';
import { TariffRow, TariffsRepository } from './tariffs.repository';

export function toTariffDto(row: TariffRow): TariffDto {
  return {
    id: row.id,
    countryOfOrigin: row.countryOfOrigin,
    hsCode: row.hsCode,
    ratePct: row.ratePct,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    program: row.program,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

@Injectable()
export class TariffsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tariffs: TariffsRepository,
  ) {}

  create(input: CreateTariffDto): Promise<TariffDto> {
    return this.transactions.run((unit) => this.createIn(unit, input));
  }

  /** Inside a caller's transaction too (demo seeding). */
  async createIn(unit: UnitOfWork, input: CreateTariffDto): Promise<TariffDto> {
    const tariffInput: TariffInput = { ...input, program: input.program };
    const problems = validateTariff(tariffInput);
    if (problems.length > 0) throw new InvalidInput(problems);
    const terms = toTariffTerms(tariffInput);
    await this.tariffs.lockTerms(unit, terms);
    const overlap = findOverlap(await this.tariffs.sameTerms(unit, terms), terms);
    if (overlap) {
      throw new Conflict(
        'tariff_overlap',
        `a ${terms.countryOfOrigin} ${terms.program} tariff for ${terms.hsCode} is already in force over part of these dates ` +
          `(tariff ${overlap.id}, from ${overlap.effectiveFrom} until ${overlap.effectiveTo ?? 'open'}); end it first or pick other dates`,
        { tariffId: overlap.id },
      );
    }
    return toTariffDto(await this.tariffs.insert(unit, randomUUID(), terms, input.note ?? null, currentActor()));
  }

  async list(query: TariffQuery): Promise<Page<TariffDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows = await this.tariffs.list(
      {
        countryOfOrigin: query.countryOfOrigin,
        hsCode: query.hsCode ? normalizeHtsCode(query.hsCode) : undefined,
        program: query.program,
        after: after ? String(after[0]) : undefined,
      },
      limit + 1,
    );
    return toPage(rows, limit, (row) => [row.id], toTariffDto);
  }

  async lookup(query: TariffLookupQuery): Promise<TariffLookupDto> {
    const schedule = await this.tariffs.forOrigins([query.countryOfOrigin]);
    const byId = new Map(schedule.map((row) => [row.id, row]));
    const result = lookupTariffs(schedule, { countryOfOrigin: query.countryOfOrigin, hsCode: query.hsCode, date: query.date ?? utcDate(new Date()) });
    return {
      countryOfOrigin: result.countryOfOrigin,
      hsCode: result.hsCode,
      date: result.date,
      exemption: result.exemption,
      programs: result.programs.map((rate) => ({
        program: rate.program,
        tariff: toTariffDto(byId.get(rate.entry.id) as TariffRow),
        ratePct: formatRatePct(rate.ratePct),
        outranked: rate.outranked,
        explanation: rate.explanation,
      })),
      totalRatePct: formatRatePct(result.totalRatePct),
    };
  }

  /** The schedule for these origins, for duty computations. */
  schedule(origins: readonly string[], unit?: UnitOfWork): Promise<TariffEntry[]> {
    return this.tariffs.forOrigins(origins, unit);
  }
}
