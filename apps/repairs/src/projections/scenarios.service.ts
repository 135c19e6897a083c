import { decodeCursor, InvalidInput, NotFound, type Page, pageLimit, toPage } from '@app/common';
import { Injectable } from '@nestjs/common';
import { scenarioProblems, type ScenarioDefinition } from '../projection';
import type { PutScenarioDto, ScenarioDto, ScenarioQuery } from './scenario.dto';
import { type ScenarioRow, ScenariosRepository, toDefinition } from './scenarios.repository';

function toDto(row: ScenarioRow): ScenarioDto {
  const definition = toDefinition(row);
  return { ...definition, startDate: definition.startDate ?? null, updatedAt: row.updated_at.toISOString() };
}

@Injectable()
export class ScenariosService {
  constructor(private readonly scenarios: ScenariosRepository) {}

  async list(query: ScenarioQuery): Promise<Page<ScenarioDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1)?.[0];
    const rows = await this.scenarios.page(after === undefined ? undefined : String(after), limit);
    return toPage(rows, limit, (row) => [row.name], toDto);
  }

  async get(name: string): Promise<ScenarioDto> {
    return toDto(await this.row(name));
  }

  /** The definition a projection uses; an unknown name is 404. */
  async definition(name: string): Promise<ScenarioDefinition> {
    return toDefinition(await this.row(name));
  }

  async put(name: string, body: PutScenarioDto): Promise<{ scenario: ScenarioDto; created: boolean }> {
    const definition: ScenarioDefinition = {
      name,
      description: body.description,
      ...(body.startDate ? { startDate: body.startDate } : {}),
      holdProbability: body.holdProbability,
      meanHoldDays: body.meanHoldDays,
      extraLeadTimeDays: body.extraLeadTimeDays,
      cutOffMakers: body.cutOffMakers ?? [],
      cutOffOrigins: (body.cutOffOrigins ?? []).map((c) => c.toUpperCase()),
      secondSupplierShare: body.secondSupplierShare ?? 0,
      secondSupplierTurnaroundDays: body.secondSupplierTurnaroundDays ?? 0,
      builtIn: false,
    };
    const problems = scenarioProblems(definition);
    if (problems.length) throw new InvalidInput(problems);
    const { row, created } = await this.scenarios.upsert(definition);
    return { scenario: toDto(row), created };
  }

  private async row(name: string): Promise<ScenarioRow> {
    const row = await this.scenarios.find(name);
    if (!row) throw new NotFound('scenario', name);
    return row;
  }
}
