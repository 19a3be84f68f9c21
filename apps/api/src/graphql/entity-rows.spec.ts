import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DateUtils } from 'typeorm/util/DateUtils';
import { EntityRows, columnReader, sqliteUtcTime } from './entity-rows';

@Entity('stamps')
class StampEntity {
  @PrimaryColumn({ type: 'varchar' })
  id: string;

  @Column({ type: 'datetime', nullable: true })
  at: Date | null;

  @Column({ type: 'boolean', default: false })
  flag: boolean;
}

/** Equal as the application sees them: the same type, and Dates at the same instant (invalid ones alike). */
function same(actual: unknown, expected: unknown): boolean {
  if (expected instanceof Date) return actual instanceof Date && Object.is(actual.getTime(), expected.getTime());
  return Object.is(actual, expected);
}

/** A pseudo-random stream, so a failure can be reproduced. */
function* instants(count: number): Generator<Date> {
  let seed = 20240229;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const from = Date.UTC(100, 0, 1);
  const to = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  for (let i = 0; i < count; i++) yield new Date(Math.floor(from + next() * (to - from)));
}

/** Text SQLite may hold in a datetime column: what TypeORM and `datetime('now')` write, and odd forms. */
function textsFor(instant: Date): string[] {
  const written = DateUtils.mixedDateToUtcDatetimeString(instant) as string;
  return [written, written.slice(0, 19), written.replace(' ', 'T'), written.slice(0, 19).replace(' ', 'T'), `${written.replace(' ', 'T')}Z`];
}

const EDGE_VALUES: unknown[] = [
  null,
  undefined,
  '',
  '2024-02-29 12:00:00.000',
  '2023-02-29 12:00:00.000',
  '2023-04-31 00:00:00',
  '2023-04-30 23:59:59.999',
  '2023-13-01 00:00:00',
  '2023-00-10 00:00:00',
  '2023-01-00 00:00:00',
  '2023-01-01 24:00:00',
  '2023-01-01 23:60:00',
  '2023-01-01 23:59:60',
  '1900-02-29 00:00:00',
  '2000-02-29 00:00:00',
  '0099-12-31 23:59:59.999',
  '0100-01-01 00:00:00',
  '0000-01-01 00:00:00',
  '1970-01-01 00:00:00',
  '1969-12-31 23:59:59.999',
  '9999-12-31 23:59:59.999',
  '2023-05-06',
  '2023-05-06T01:02:03.004Z',
  '2023-05-06 01:02:03.004+02:00',
  '2023-05-06 01:02',
  '2023-05-06T01:02',
  '2023-05-06 01:02:03.5',
  '2023-05-06 01:02:03.12',
  '2023-05-06 01:02:03.123456',
  '2023-05-06 01:02:03,123',
  '2023-05-06_01:02:03.123',
  '2023/05/06 01:02:03.123',
  '2023-05-06 01-02-03.123',
  ' 2023-05-06 01:02:03.12',
  '2023-05-06 01:02:03.12 ',
  '2023-O5-06 01:02:03.123',
  '２０２３-05-06 01:02:03',
  'abcd-ef-gh ij:kl:mn.opq',
  '-001-01-01 00:00:00.000',
  1700000000000,
  0,
  new Date('2023-05-06T01:02:03.004Z'),
];

describe('sqliteUtcTime', () => {
  it('reads the two forms SQLite holds here as UTC', () => {
    expect(sqliteUtcTime('2026-07-16 07:34:50.908')).toBe(Date.UTC(2026, 6, 16, 7, 34, 50, 908));
    expect(sqliteUtcTime('2026-11-29 04:34:52')).toBe(Date.UTC(2026, 10, 29, 4, 34, 52));
    expect(sqliteUtcTime('2026-11-29T04:34:52')).toBe(Date.UTC(2026, 10, 29, 4, 34, 52));
  });

  it('leaves other text and out-of-range fields to the driver', () => {
    for (const text of ['2023-05-06', '2023-05-06T01:02:03.004Z', '2023-02-29 00:00:00', '0099-01-01 00:00:00', '2023-01-01 24:00:00']) {
      expect(sqliteUtcTime(text)).toBeUndefined();
    }
  });
});

describe('columnReader', () => {
  const column = (type: string) => ({ type, transformer: undefined }) as unknown as ColumnMetadata;

  describe('on SQLite', () => {
    const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    const datetime = column('datetime');
    const read = columnReader(dataSource, datetime)!;
    const hydrate = (value: unknown) => dataSource.driver.prepareHydratedValue(value, datetime);

    it('gives exactly what the driver gives, for written timestamps across the years', () => {
      let compared = 0;
      for (const instant of instants(20000)) {
        for (const text of textsFor(instant)) {
          const expected = hydrate(text);
          const actual = read(text);
          if (!same(actual, expected)) throw new Error(`${text}: ${String(actual)} instead of ${String(expected)}`);
          compared++;
        }
      }
      expect(compared).toBe(100000);
    });

    it('gives exactly what the driver gives, for edge forms and non-text values', () => {
      for (const value of EDGE_VALUES) {
        const expected = hydrate(value);
        const actual = read(value);
        if (!same(actual, expected)) throw new Error(`${String(value)}: ${String(actual)} instead of ${String(expected)}`);
      }
    });

    it('takes the shortcut for what TypeORM writes', () => {
      const spy = jest.spyOn(dataSource.driver, 'prepareHydratedValue');
      try {
        read('2026-07-16 07:34:50.908');
        read('2026-11-29 04:34:52');
        expect(spy).not.toHaveBeenCalled();
        read('2026-11-29');
        expect(spy).toHaveBeenCalledTimes(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('on PostgreSQL', () => {
    const dataSource = new DataSource({ type: 'postgres' });

    it('hands on the Dates pg parsed, as the driver does, and gives the driver anything else', () => {
      for (const type of ['timestamptz', 'timestamp']) {
        const timestamp = column(type);
        const read = columnReader(dataSource, timestamp)!;
        const parsed = new Date('2023-05-06T01:02:03.004Z');
        expect(read(parsed)).toBe(dataSource.driver.prepareHydratedValue(parsed, timestamp));
        for (const value of EDGE_VALUES) {
          expect(same(read(value), dataSource.driver.prepareHydratedValue(value, timestamp))).toBe(true);
        }
      }
    });
  });
});

describe('EntityRows', () => {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [StampEntity], synchronize: true });

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('reads rows as find does, timestamps included', async () => {
    const stamps: StampEntity[] = [...instants(200)].map((at, i) => ({ id: `s${String(i).padStart(3, '0')}`, at, flag: i % 2 === 0 }));
    stamps.push({ id: 'null', at: null, flag: true });
    await dataSource.getRepository(StampEntity).save(stamps);
    // What SQLite itself writes (datetime('now')) and a hand-written 'T' form.
    await dataSource.query(`INSERT INTO "stamps" ("id", "at", "flag") VALUES ('sql-now', datetime('now'), 0), ('sql-t', '2023-05-06T01:02:03', 1)`);

    const rows = new EntityRows(dataSource, StampEntity, 'stamp');
    const read = await rows.whereIn('id', [...stamps.map((stamp) => stamp.id), 'sql-now', 'sql-t'], { orderBy: rows.column('id') });
    const found = await dataSource.getRepository(StampEntity).find({ order: { id: 'ASC' } });
    expect(read).toHaveLength(found.length);
    expect(read).toEqual(found.map((entity) => ({ ...entity })));
    expect(read.find((row) => row.id === 's000')?.at).toEqual(stamps[0].at);
  });
});
