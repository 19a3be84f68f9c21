import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from './app-config';

/**
 * The configured JWT secret, or one generated on first start and kept (mode 0600) so that
 * sessions survive a restart without any set-up. Several instances must share JWT_SECRET.
 */
export function resolveJwtSecret(config: Pick<AppConfig, 'JWT_SECRET' | 'JWT_SECRET_FILE'>): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const file = resolve(config.JWT_SECRET_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
