import { Column, ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/*
 * Timestamps are `timestamptz` on PostgreSQL (an instant, whatever the server's time zone) and
 * `datetime` text in UTC on SQLite. Entity metadata is fixed at import time, so the dialect is
 * read from the same variable the configuration uses to choose the database.
 */
const timestampType = () => (process.env.DATABASE_URL ? 'timestamptz' : 'datetime');

export const TimestampColumn = (options: ColumnOptions = {}) =>
  Column({ ...options, type: timestampType() });

export const CreatedAtColumn = () => CreateDateColumn({ name: 'created_at', type: timestampType() });

export const UpdatedAtColumn = () => UpdateDateColumn({ name: 'updated_at', type: timestampType() });
