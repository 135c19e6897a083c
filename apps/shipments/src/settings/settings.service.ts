import { currentActor, InvalidInput, Transactions, UnitOfWork } from '@app/common';
import { formatRatePct, parseRatePct, parseUsd } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SETTINGS_COLUMNS } from '../database/select-columns';
import { EntryFeeSchedule } from '../duty/duty.rules';
import { SettingsDto, UpdateSettingsDto } from './settings.dto';

export interface ShipmentSettings {
  fees: EntryFeeSchedule;
  defaultTransitDays: number;
}

type SettingsRow = Omit<SettingsDto, 'updatedAt'> & { updatedAt: Date };

/** Entry fees (MPF, HMF) and the ETA's default transit: one stored row, defaults set by the first migration. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  async get(): Promise<SettingsDto> {
    return toDto(await this.row(this.dataSource));
  }

  async current(unit?: UnitOfWork): Promise<ShipmentSettings> {
    const row = await this.row(unit ?? this.dataSource);
    return {
      fees: {
        merchandiseProcessingFee: {
          ratePct: row.merchandiseProcessingFeeRatePct,
          minimumUsd: row.merchandiseProcessingFeeMinimumUsd,
          maximumUsd: row.merchandiseProcessingFeeMaximumUsd,
        },
        harborMaintenanceFee: row.harborMaintenanceFeeRatePct === null ? null : { ratePct: row.harborMaintenanceFeeRatePct },
      },
      defaultTransitDays: row.defaultTransitDays,
    };
  }

  update(change: UpdateSettingsDto): Promise<SettingsDto> {
    return this.transactions.run(async (unit) => {
      const now = await this.row(unit, true);
      const next = {
        mpf: change.merchandiseProcessingFeeRatePct !== undefined ? formatRatePct(parseRatePct(change.merchandiseProcessingFeeRatePct)) : now.merchandiseProcessingFeeRatePct,
        min: change.merchandiseProcessingFeeMinimumUsd ?? now.merchandiseProcessingFeeMinimumUsd,
        max: change.merchandiseProcessingFeeMaximumUsd ?? now.merchandiseProcessingFeeMaximumUsd,
        hmf:
          change.harborMaintenanceFeeRatePct === undefined
            ? now.harborMaintenanceFeeRatePct
            : change.harborMaintenanceFeeRatePct === null
              ? null
              : formatRatePct(parseRatePct(change.harborMaintenanceFeeRatePct)),
        transit: change.defaultTransitDays ?? now.defaultTransitDays,
      };
      if (parseUsd(next.min) > parseUsd(next.max)) {
        throw new InvalidInput(['merchandiseProcessingFeeMinimumUsd: must not exceed merchandiseProcessingFeeMaximumUsd']);
      }
      await unit.query(
        `UPDATE settings SET mpf_rate_pct = $1, mpf_minimum_usd = $2, mpf_maximum_usd = $3, hmf_rate_pct = $4,
           default_transit_days = $5, updated_at = now(), updated_by = $6 WHERE id = 1`,
        [next.mpf, next.min, next.max, next.hmf, next.transit, currentActor()],
      );
      return toDto(await this.row(unit));
    });
  }

  private async row(runner: Pick<UnitOfWork, 'query'> | DataSource, forUpdate = false): Promise<SettingsRow> {
    const rows: SettingsRow[] = await runner.query(`SELECT ${SETTINGS_COLUMNS} FROM settings WHERE id = 1 ${forUpdate ? 'FOR UPDATE' : ''}`);
    return rows[0];
  }
}

function toDto(row: SettingsRow): SettingsDto {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}
