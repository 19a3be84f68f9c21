import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { QueryRunner } from 'typeorm';

/**
 * The reference data ships in the repository's `data/reference` (CBS municipalities and the
 * business domains, with their sources in SOURCES.md). Found by walking up from this file, so
 * the same code works from the TypeScript sources and from the compiled `dist/`.
 */
export function referenceDataFile(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'data', 'reference', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`Reference data file data/reference/${name} not found above ${__dirname}`);
  }
}

export function readReferenceCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(referenceDataFile(name), 'utf8'), { columns: true, skip_empty_lines: true });
}

/** Inserts both lists; used by the reference-data migration of each dialect. */
export async function insertReferenceData(queryRunner: QueryRunner): Promise<void> {
  const municipalities = readReferenceCsv('municipalities-nl.csv').map((row) => ({
    code: row.code,
    name: row.name,
    province: row.province,
  }));
  const domains = readReferenceCsv('business-domains-nl.csv').map((row) => ({
    code: row.code,
    name_nl: row.name_nl,
    name_en: row.name_en,
    description_nl: row.description_nl,
  }));
  await insertRows(queryRunner, 'municipalities', municipalities);
  await insertRows(queryRunner, 'business_domains', domains);
}

/**
 * Plain parameterised INSERTs: a migration must not depend on today's entity classes, which
 * will have changed by the time an old migration runs on a new install.
 */
async function insertRows(queryRunner: QueryRunner, table: string, rows: Record<string, string>[]): Promise<void> {
  const columns = Object.keys(rows[0]);
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  for (let start = 0; start < rows.length; start += 100) {
    const batch = rows.slice(start, start + 100);
    const placeholders = batch.map((_, row) =>
      `(${columns.map((_, column) => (postgres ? `$${row * columns.length + column + 1}` : '?')).join(', ')})`,
    );
    await queryRunner.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders.join(', ')}`,
      batch.flatMap((row) => columns.map((column) => row[column])),
    );
  }
}

export async function deleteReferenceData(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DELETE FROM business_domains');
  await queryRunner.query('DELETE FROM municipalities');
}
