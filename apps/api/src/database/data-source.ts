import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { databaseOptions } from './database-options';

/** Used by the TypeORM CLI (`npm run migration:*`); the server builds its own from the same options. */
export default new DataSource(databaseOptions(loadConfig()));
