/** Machine facts as plain rules: who makes a model, and what a valid machine row is. No framework here. */

export const MAKERS = ['Bitmain', 'MicroBT', 'Canaan', 'Auradine'] as const;

/**
 * The maker a model name implies: Antminer S19/S21/T21 (and any "Antminer") are Bitmain, Whatsminer
 * M-series MicroBT, Avalon Canaan, Auradine Teraflux Auradine. Null when the name says nothing.
 */
export function makerOf(model: string): string | null {
  // Imports repeat a handful of models a million times: the answer is remembered per name.
  const known = makerByModel.get(model);
  if (known !== undefined) return known;
  const maker = deriveMaker(model);
  if (makerByModel.size >= 10_000) makerByModel.clear();
  makerByModel.set(model, maker);
  return maker;
}

const makerByModel = new Map<string, string | null>();

function deriveMaker(model: string): string | null {
  const name = model.trim().toLowerCase();
  if (/antminer/.test(name) || /^(s19|s21|t21)\b/.test(name) || /^(s19|s21|t21)/.test(name)) return 'Bitmain';
  if (/whatsminer/.test(name) || /^m\d{2}/.test(name)) return 'MicroBT';
  if (/avalon/.test(name)) return 'Canaan';
  if (/auradine|teraflux/.test(name)) return 'Auradine';
  return null;
}

export interface MachineRow {
  serial: string;
  model: string;
  siteCode: string;
  hashrateThs: number;
  powerW: number;
  maker: string | null;
}

export type MachineCheck = { ok: true; row: MachineRow } | { ok: false; problems: Array<{ field: string; reason: string }> };

export const MACHINE_COLUMNS = ['serial', 'model', 'siteCode', 'hashrateThs', 'powerW'] as const;
export const OPTIONAL_MACHINE_COLUMNS = ['maker'] as const;
const KNOWN = new Set<string>([...MACHINE_COLUMNS, ...OPTIONAL_MACHINE_COLUMNS]);

export const MAX_HASHRATE_THS = 100_000;
export const MAX_POWER_W = 100_000;

function text(value: unknown, field: string, problems: Array<{ field: string; reason: string }>, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) problems.push({ field, reason: 'is required' });
    return null;
  }
  if (typeof value !== 'string') {
    problems.push({ field, reason: 'must be a string' });
    return null;
  }
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > 100) {
    problems.push({ field, reason: 'must be 1 to 100 characters' });
    return null;
  }
  // PostgreSQL text cannot hold NUL: refused here, or it would fail the whole batch's statement.
  if (trimmed.indexOf('\0') !== -1) {
    problems.push({ field, reason: 'must not contain NUL characters' });
    return null;
  }
  return trimmed;
}

function positiveNumber(
  value: unknown,
  field: string,
  max: number,
  integer: boolean,
  problems: Array<{ field: string; reason: string }>,
): number | null {
  if (value === undefined || value === null || value === '') {
    problems.push({ field, reason: 'is required' });
    return null;
  }
  // CSV gives strings; JSON may give numbers or numeric strings.
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > max || (integer && !Number.isInteger(parsed))) {
    problems.push({ field, reason: `must be ${integer ? 'an integer' : 'a number'} above 0 and at most ${max}` });
    return null;
  }
  return parsed;
}

/** Checks one machine's fields (from JSON, CSV or the API) and derives the maker when none is given. */
export function checkMachine(fields: Record<string, unknown>): MachineCheck {
  return checkWith(fields, null);
}

/**
 * checkMachine for one import: an upload repeats a few models, sites and makers a million times, so
 * each distinct value is kept once (up to 1,000 of them) and rows held in batches share it, which keeps
 * the rows waiting to be written small. The table goes with the import.
 */
export function machineChecker(): (fields: Record<string, unknown>) => MachineCheck {
  const shared = new Map<string, string>();
  const intern = (value: string): string => {
    const known = shared.get(value);
    if (known !== undefined) return known;
    if (shared.size >= 1000) shared.clear();
    shared.set(value, value);
    return value;
  };
  return (fields) => checkWith(fields, intern);
}

function checkWith(fields: Record<string, unknown>, intern: ((value: string) => string) | null): MachineCheck {
  const problems: Array<{ field: string; reason: string }> = [];
  for (const name in fields) if (!KNOWN.has(name)) problems.push({ field: name, reason: 'is not a machine field' });
  const serial = text(fields.serial, 'serial', problems, true);
  const model = text(fields.model, 'model', problems, true);
  const siteCode = text(fields.siteCode, 'siteCode', problems, true);
  const hashrateThs = positiveNumber(fields.hashrateThs, 'hashrateThs', MAX_HASHRATE_THS, false, problems);
  const powerW = positiveNumber(fields.powerW, 'powerW', MAX_POWER_W, true, problems);
  const maker = text(fields.maker, 'maker', problems, false);
  if (problems.length || serial === null || model === null || siteCode === null || hashrateThs === null || powerW === null) {
    return { ok: false, problems };
  }
  const derivedMaker = maker ?? makerOf(model);
  if (intern === null) return { ok: true, row: { serial, model, siteCode, hashrateThs, powerW, maker: derivedMaker } };
  return {
    ok: true,
    row: { serial, model: intern(model), siteCode: intern(siteCode), hashrateThs, powerW, maker: derivedMaker === null ? null : intern(derivedMaker) },
  };
}
