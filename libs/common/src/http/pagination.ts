import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { InvalidInput } from '../errors';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

export class PageQuery {
  @ApiPropertyOptional({ description: `Items per page (default ${DEFAULT_PAGE_LIMIT}; above ${MAX_PAGE_LIMIT} is clamped)`, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function pageLimit(query: PageQuery): number {
  return Math.min(query.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
}

/** Opaque keyset cursor: the sort key of the last item of the page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((part) => ['string', 'number'].includes(typeof part))) return key;
  } catch {
    // fall through to the error below
  }
  throw new InvalidInput(['cursor: is not a cursor this list returned']);
}

/** Fetch `limit + 1` rows, then call this: it trims the extra row and builds the next cursor from the last item kept. */
export function toPage<TRow, TItem>(
  rows: TRow[],
  limit: number,
  cursorKey: (row: TRow) => readonly (string | number)[],
  toItem: (row: TRow) => TItem,
): Page<TItem> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: kept.map(toItem),
    nextCursor: hasMore ? encodeCursor(cursorKey(kept[kept.length - 1])) : null,
  };
}
