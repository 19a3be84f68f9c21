import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Column types whose driver value is already the entity value (no transformer, no conversion). */
const AS_STORED = new Set(['uuid', 'varchar', 'character varying', 'text', 'integer', 'int']);

interface ReadColumn {
  property: string;
  /** The result column: `<alias>_<column>`. */
  key: string;
  /** Set when the driver must convert the value (dates, SQLite booleans, transformers). */
  convert?: ColumnMetadata;
}

/**
 * Whole rows of one entity read with plain SQL and turned into entity-shaped objects in one pass.
 *
 * The hot reads (review tasks, the cohort page's modules, assignments and rubrics, the per-request
 * loaders) ran through `find`, which builds the statement anew on every call and then hydrates each
 * row through the generic transformation pipeline: together several times the cost of the indexed
 * read itself (bench/api). Here the select list comes from the entity metadata once, statements are
 * kept per shape, and only the columns that need it go through the driver's own conversion
 * (`prepareHydratedValue`), so a value reads exactly as `find` would give it.
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
        convert: typeof column.type === 'string' && AS_STORED.has(column.type) && !column.transformer ? undefined : column,
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
    const driver = this.dataSource.driver;
    for (const column of this.columns) {
      const value = row[column.key];
      entity[column.property] = column.convert ? driver.prepareHydratedValue(value, column.convert) : value;
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
