import {
  Conflict, currentActor, decodeCursor, InventoryEvents, type LocationKind, NotFound, Page, pageLimit, toPage, Transactions, UnitOfWork,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { CreateLocationDto, LocationDto, LocationQuery } from './location.dto';
import { LocationEntity } from './location.entity';

function toDto(location: LocationEntity): LocationDto {
  return {
    code: location.code,
    name: location.name,
    kind: location.kind as LocationKind,
    region: location.region,
    dailyStorageRateUsd: location.dailyStorageRateUsd,
    createdAt: location.createdAt.toISOString(),
  };
}

@Injectable()
export class LocationsService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(LocationEntity) private readonly locations: Repository<LocationEntity>,
  ) {}

  async create(input: CreateLocationDto): Promise<LocationDto> {
    return this.transactions.run(async (unit) => {
      const location = await this.insert(unit, input);
      if (!location) throw new Conflict('duplicate_code', `location ${input.code} already exists`);
      return location;
    });
  }

  /** Inserts the location and emits locationCreated in the caller's transaction; null when the code exists. */
  async insert(unit: UnitOfWork, input: CreateLocationDto): Promise<LocationDto | null> {
    const repository = unit.em.getRepository(LocationEntity);
    const inserted = await repository
      .createQueryBuilder()
      .insert()
      .values({ ...input, region: input.region ?? null, dailyStorageRateUsd: input.dailyStorageRateUsd ?? null, createdBy: currentActor() })
      .orIgnore()
      .returning('*')
      .execute();
    if (inserted.raw.length === 0) return null;
    const location = await repository.findOneByOrFail({ code: input.code });
    await unit.emit(InventoryEvents.locationCreated, {
      code: location.code,
      name: location.name,
      kind: location.kind as LocationKind,
      ...(location.region ? { region: location.region } : {}),
    });
    return toDto(location);
  }

  async list(query: LocationQuery): Promise<Page<LocationDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows = await this.locations.find({
      where: { ...(after ? { code: MoreThan(String(after[0])) } : {}), ...(query.kind ? { kind: query.kind } : {}) },
      order: { code: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, (row) => [row.code], toDto);
  }

  async get(code: string): Promise<LocationDto> {
    const location = await this.locations.findOneBy({ code });
    if (!location) throw new NotFound('location', code);
    return toDto(location);
  }
}
