/**
 * Merges projection parameters from their layers, first defined wins: request → scenario → live → default,
 * and remembers where each value came from so the response can show it.
 */
export type ParameterSource = 'request' | 'scenario' | 'live' | 'default';

export const PARAMETER_PRECEDENCE: readonly ParameterSource[] = ['request', 'scenario', 'live', 'default'];

export interface ParameterLayers<T extends object> {
  request?: Partial<T>;
  scenario?: Partial<T>;
  live?: Partial<T>;
  defaults: T;
}

export interface ResolvedParameter {
  name: string;
  value: unknown;
  source: ParameterSource;
}

export interface ResolvedParameters<T extends object> {
  values: T;
  sources: Record<keyof T, ParameterSource>;
  /** One entry per parameter, named with the optional prefix (e.g. `components.psu.turnaroundDays`). */
  list: ResolvedParameter[];
}

/** `undefined` and `null` mean "not given here": JSON clients send null for an absent value. */
const isGiven = (value: unknown): boolean => value !== undefined && value !== null;

export function resolveParameters<T extends object>(layers: ParameterLayers<T>, options: { prefix?: string } = {}): ResolvedParameters<T> {
  const byLayer: Record<ParameterSource, Partial<T> | undefined> = {
    request: layers.request,
    scenario: layers.scenario,
    live: layers.live,
    default: layers.defaults,
  };
  const names = new Set<keyof T>();
  for (const source of [...PARAMETER_PRECEDENCE].reverse()) {
    for (const name of Object.keys(byLayer[source] ?? {})) names.add(name as keyof T);
  }
  const values = {} as T;
  const sources = {} as Record<keyof T, ParameterSource>;
  const list: ResolvedParameter[] = [];
  for (const name of names) {
    const source = PARAMETER_PRECEDENCE.find((s) => isGiven(byLayer[s]?.[name])) ?? 'default';
    values[name] = byLayer[source]?.[name] as T[keyof T];
    sources[name] = source;
    list.push({ name: options.prefix ? `${options.prefix}.${String(name)}` : String(name), value: values[name], source });
  }
  return { values, sources, list };
}
