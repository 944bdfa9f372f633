import { messages } from '../upstreams.messages.js';
import {
  FAULT_FIELDS,
  FAULT_MODES,
  HEALTHY,
  MAX_COUNTER,
  MAX_DELAY_MS,
  type FaultCounter,
  type FaultMode,
  type FaultSettings,
} from './fault-settings.js';
import { InvalidFaultError } from './invalid-fault.error.js';

/**
 * Reads a complete {@link FaultSettings} from a JSON value: omitted fields take their healthy
 * default, so `{ "mode": "up" }` (or no body at all) restores a dependency. Unknown fields
 * are rejected, since a misspelt `failrate` would otherwise silently inject nothing.
 * Throws {@link InvalidFaultError} naming the first bad field.
 */
export function parseFaultSettings(input: unknown): FaultSettings {
  if (input === undefined) return { ...HEALTHY };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidFaultError('body', messages.mustBeJsonObject());
  }
  const fields = input as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!(FAULT_FIELDS as readonly string[]).includes(key))
      throw new InvalidFaultError(key, messages.notAFaultField(FAULT_FIELDS));
  }
  const settings: FaultSettings = {
    latencyMs: numberIn(fields, 'latencyMs', 0, MAX_DELAY_MS),
    jitterMs: numberIn(fields, 'jitterMs', 0, MAX_DELAY_MS),
    failRate: numberIn(fields, 'failRate', 0, 1),
    mode: mode(fields),
  };
  // Counters appear only while pending, so plain settings read back as exactly four fields.
  for (const counter of ['failNext', 'resetNext'] as const) {
    const left = counterOf(fields, counter);
    if (left > 0) settings[counter] = left;
  }
  return settings;
}

function counterOf(fields: Record<string, unknown>, field: FaultCounter): number {
  const value = fields[field];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNTER) {
    throw new InvalidFaultError(field, messages.mustBeIntegerIn(0, MAX_COUNTER));
  }
  return value;
}

function numberIn(
  fields: Record<string, unknown>,
  field: 'latencyMs' | 'jitterMs' | 'failRate',
  min: number,
  max: number,
): number {
  const value = fields[field];
  if (value === undefined) return HEALTHY[field];
  // Number.isFinite also rules out NaN, which the env reader passes for text that is no number.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidFaultError(field, messages.mustBeNumberIn(min, max));
  }
  return value;
}

function mode(fields: Record<string, unknown>): FaultMode {
  const value = fields.mode;
  if (value === undefined) return HEALTHY.mode;
  if (typeof value !== 'string' || !(FAULT_MODES as readonly string[]).includes(value)) {
    throw new InvalidFaultError('mode', messages.mustBeOneOf(FAULT_MODES));
  }
  return value as FaultMode;
}
