import { ConfigurationError } from '../config/app-config';

export const RETENTION_DAYS_VARIABLE = 'SUBMISSION_RETENTION_DAYS';

/**
 * SUBMISSION_RETENTION_DAYS: days after a CLOSED cohort's end date at which its submissions are
 * purged. Unset (or empty) means no automatic purge. Read here rather than in AppConfig, which
 * another feature owns; a bad value stops the start-up with a clear message, as AppConfig does.
 */
export function readRetentionDays(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[RETENTION_DAYS_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < 1) {
    throw new ConfigurationError(`${RETENTION_DAYS_VARIABLE} must be a whole number of days, 1 or more (got "${raw}")`);
  }
  return Number(raw);
}

/** Injection token for the retention setting (null: no automatic purge). */
export const RETENTION_DAYS = Symbol('SUBMISSION_RETENTION_DAYS');
