import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { API_CONFIG_KEYS, ApiConfig } from './api.config.js';
import { InvalidConfigError } from './invalid-config.error.js';

/** Reads and validates the api's settings from `env`; throws InvalidConfigError naming each bad variable. */
export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const present = Object.fromEntries(
    API_CONFIG_KEYS.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]),
  );
  const config = plainToInstance(ApiConfig, present);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new InvalidConfigError(
      errors.map(
        (e) =>
          `${e.property}=${JSON.stringify(env[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  return config;
}
