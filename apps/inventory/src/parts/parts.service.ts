import {
  Conflict, currentActor, decodeCursor, InventoryEvents, NotFound, type Page, pageLimit, type PartCategory, toPage, Transactions,
  type UnitOfWork,
} from '@app/common';
import { formatUsd, parseUsd } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CreatePartDto, PartDto, PartQuery } from './part.dto';

interface PartRow {
  sku: string;
  name: string;
  category: string;
  compatible_models: string[];
  serialized: boolean;
  unit_cost_cents: string | null;
  created_at: Date;
}

function toDto(row: PartRow): PartDto {
  return {
    sku: row.sku,
    name: row.name,
    category: row.category as PartCategory,
    compatibleModels: row.compatible_models,
    serialized: row.serialized,
    unitCostUsd: row.unit_cost_cents === null ? null : formatUsd(BigInt(row.unit_cost_cents)),
    createdAt: row.created_at.toISOString(),
  };
}

@Injectable()
export class PartsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
  ) {}

  async create(input: CreatePartDto): Promise<PartDto> {
    return this.transactions.run(async (unit) => {
      const part = await this.insert(unit, {
        sku: input.sku,
        name: input.name,
        category: input.category,
        compatibleModels: input.compatibleModels ?? [],
        serialized: input.serialized ?? false,
        unitCostUsd: input.unitCostUsd,
      });
      if (!part) throw new Conflict('duplicate_sku', `part ${input.sku} already exists`);
      return part;
    });
  }

  /**
   * Inserts the part and emits partCreated in the caller's transaction; null when the SKU exists.
   * Used by the create route and by the consumers that meet an unknown SKU.
   */
  async insert(
    unit: UnitOfWork,
    part: { sku: string; name: string; category: PartCategory; compatibleModels: string[]; serialized: boolean; unitCostUsd?: string },
  ): Promise<PartDto | null> {
    const rows: PartRow[] = await unit.query(
      `INSERT INTO parts (sku, name, category, compatible_models, serialized, unit_cost_cents, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sku) DO NOTHING RETURNING *`,
      [
        part.sku, part.name, part.category, part.compatibleModels, part.serialized,
        part.unitCostUsd === undefined ? null : parseUsd(part.unitCostUsd).toString(), currentActor(),
      ],
    );
    if (rows.length === 0) return null;
    const dto = toDto(rows[0]);
    await unit.emit(InventoryEvents.partCreated, {
      sku: dto.sku,
      name: dto.name,
      category: dto.category,
      compatibleModels: dto.compatibleModels,
      serialized: dto.serialized,
      ...(dto.unitCostUsd !== null ? { unitCostUsd: dto.unitCostUsd } : {}),
    });
    return dto;
  }

  async list(query: PartQuery): Promise<Page<PartDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows: PartRow[] = await this.dataSource.query(
      `SELECT * FROM parts WHERE ($1::text IS NULL OR sku > $1) AND ($2::text IS NULL OR category = $2)
        ORDER BY sku LIMIT $3`,
      [after ? String(after[0]) : null, query.category ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.sku], toDto);
  }

  async get(sku: string): Promise<PartDto> {
    const rows: PartRow[] = await this.dataSource.query(`SELECT * FROM parts WHERE sku = $1`, [sku]);
    if (rows.length === 0) throw new NotFound('part', sku);
    return toDto(rows[0]);
  }
}
