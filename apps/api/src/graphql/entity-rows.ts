import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Column types whose driver value is already the entity value (no transformer, no conversion). */
const AS_STORED = new Set(['uuid', 'varchar', 'character varying', 'text', 'integer', 'int']);

/** Timestamp column types (ours: `datetime` on SQLite, `timestamptz` on PostgreSQL) that the drivers hydrate into a Date. */
const TIMESTAMPS = new Set(['datetime', 'timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone']);

const SQLITE_DRIVERS = new Set(['better-sqlite3', 'sqlite']);

interface ReadColumn {
  property: string;
  /** The result column: `<alias>_<column>`. */
  key: string;
  /** Set when the value needs converting (dates, SQLite booleans, transformers). */
  convert?: (value: unknown) => unknown;
}

/** The value of `digits` decimal digits of `text` from `at`, or -1 if one of them is not a digit. */
function digitsAt(text: string, at: number, digits: number): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The instant of SQLite timestamp text in the two forms it holds here, `YYYY-MM-DD HH:MM:SS.mmm`
 * (TypeORM writes Dates so, in UTC) and `YYYY-MM-DD HH:MM:SS` (SQLite's `datetime('now')` defaults),
 * with a space or a `T`; `undefined` for any other text, and for a field out of its range, which the
 * driver's `Date` parsing then judges. For these forms the driver appends a `Z` and parses the text:
 * the same instant, but a regular expression test, a replace and a parse per value, and on the list
 * queries that was most of the cost of turning rows into entities.
 */
export function sqliteUtcTime(text: string): number | undefined {
  const length = text.length;
  if (length !== 19 && length !== 23) return undefined;
  const separator = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    (separator !== 32 /* space */ && separator !== 84) /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 ||
    (length === 23 && text.charCodeAt(19) !== 46) /* . */
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const millisecond = length === 23 ? digitsAt(text, 20, 3) : 0;
  // Date.UTC reads years 0-99 as 1900-1999; an ISO string does not.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

/**
 * How a column's driver value becomes the entity value: exactly what the driver's
 * `prepareHydratedValue` gives, with the common timestamp cases short-cut (see `sqliteUtcTime`).
 */
export function columnReader(dataSource: DataSource, column: ColumnMetadata): ((value: unknown) => unknown) | undefined {
  const driver = dataSource.driver;
  const hydrate = (value: unknown) => driver.prepareHydratedValue(value, column);
  if (column.transformer) return hydrate;
  if (typeof column.type !== 'string') return hydrate;
  if (AS_STORED.has(column.type)) return undefined;
  if (!TIMESTAMPS.has(column.type)) return hydrate;
  if (SQLITE_DRIVERS.has(dataSource.options.type)) {
    if (column.type !== 'datetime') return hydrate;
    return (value) => {
      if (typeof value === 'string') {
        const time = sqliteUtcTime(value);
        if (time !== undefined) return new Date(time);
      }
      return value === null ? value : hydrate(value);
    };
  }
  // pg parses timestamps into Dates, which the driver hands on as they are.
  return (value) => (value instanceof Date || value === null ? value : hydrate(value));
}

/**
 * Whole rows of one entity read with plain SQL and turned into entity-shaped objects in one pass.
 *
 * The hot reads (review tasks, the cohort page's modules, assignments and rubrics, the per-request
 * loaders) ran through `find`, which builds the statement anew on every call and then hydrates each
 * row through the generic transformation pipeline: together several times the cost of the indexed
 * read itself (bench/api). Here the select list comes from the entity metadata once, statements are
 * kept per shape, and only the columns that need it are converted, by the driver's own conversion
 * (`prepareHydratedValue`) or a shortcut proven equal to it (entity-rows.spec.ts), so a value reads
 * exactly as `find` would give it.
 */
export class EntityRows<E extends ObjectLiteral> {
  private readonly columns: ReadColumn[];
  private readonly statements = new Map<string, string>();
  readonly table: string;
  /** `"table" "alias"`, for a FROM or JOIN. */
  readonly from: string;
  /** `"a"."id" AS "a_id", ...`: every column, for a statement of one's own. */
  readonly selectList: string;

  constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<E>,
    /** Table alias in the statements, and the prefix of the result columns. */
    readonly alias: string,
  ) {
    const metadata = dataSource.getMetadata(entity);
    this.table = dataSource.driver.escape(metadata.tableName);
    this.from = `${this.table} ${dataSource.driver.escape(alias)}`;
    this.columns = metadata.columns
      .filter((column) => !column.isVirtual)
      .map((column) => ({
        property: column.propertyName,
        key: `${alias}_${column.databaseName}`,
        convert: columnReader(dataSource, column),
      }));
    this.selectList = metadata.columns
      .filter((column) => !column.isVirtual)
      .map((column) => `${this.column(column.databaseName)} AS ${dataSource.driver.escape(`${alias}_${column.databaseName}`)}`)
      .join(', ');
  }

  /** `"a"."name"`: a column of this table under its alias. */
  column(name: string): string {
    return `${this.dataSource.driver.escape(this.alias)}.${this.dataSource.driver.escape(name)}`;
  }

  /** The dialect's placeholders for parameters `from` .. `from + count - 1` (0-based), comma-separated. */
  placeholders(count: number, from = 0): string {
    return Array.from({ length: count }, (_, i) => this.dataSource.driver.createParameter(`p${from + i}`, from + i)).join(', ');
  }

  /** A statement built once per `shape` (e.g. the number of keys of an IN list). */
  statement(shape: string, build: () => string): string {
    let sql = this.statements.get(shape);
    if (sql === undefined) {
      sql = build();
      // The shapes are list lengths, bounded by the largest batch; the cap is a safety net.
      if (this.statements.size < 1000) this.statements.set(shape, sql);
    }
    return sql;
  }

  /** The entity of one result row (columns named by `selectList`). */
  read(row: Record<string, unknown>): E {
    const entity: Record<string, unknown> = {};
    for (const column of this.columns) {
      const value = row[column.key];
      entity[column.property] = column.convert ? column.convert(value) : value;
    }
    return entity as E;
  }

  /**
   * The rows whose `keyColumn` is one of `keys`, optionally narrowed and ordered by the caller's SQL
   * (`and`: a condition on this table's alias; `orderBy`: the ORDER BY list).
   */
  async whereIn(keyColumn: string, keys: readonly unknown[], options: { and?: string; orderBy?: string } = {}): Promise<E[]> {
    if (keys.length === 0) return [];
    const sql = this.statement(`in:${keyColumn}:${options.and ?? ''}:${options.orderBy ?? ''}:${keys.length}`, () =>
      [
        `SELECT ${this.selectList} FROM ${this.from}`,
        `WHERE ${this.column(keyColumn)} IN (${this.placeholders(keys.length)})`,
        options.and ? `AND ${options.and}` : '',
        options.orderBy ? `ORDER BY ${options.orderBy}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    const rows: Record<string, unknown>[] = await this.dataSource.query(sql, [...keys]);
    return rows.map((row) => this.read(row));
  }
}
