import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

/**
 * Every setting the server reads from the environment, validated once at start.
 * The README's configuration table mirrors this class.
 */
export class AppConfig {
  /** Unset means production: development features (introspection, GraphiQL) are opt-in. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** Unset: embedded SQLite. `postgres://user:pass@host:port/db`: PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)',
  })
  DATABASE_URL?: string = undefined;

  /** PostgreSQL schema to use (search_path); tests give each run its own. */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string = undefined;

  @IsString()
  SQLITE_PATH = 'data/academy.sqlite';

  /** Secret that signs access tokens. Unset: a random one is made once and kept in JWT_SECRET_FILE. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string = undefined;

  @IsString()
  JWT_SECRET_FILE = 'data/jwt-secret';

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 14;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  PASSWORD_TOKEN_TTL_HOURS = 72;

  /** Login attempts allowed per account and per client address within one window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** The first start on an empty database creates this admin. */
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string = undefined;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string = undefined;

  /** Behind a reverse proxy, whom to trust for the client address: `true`, a hop count, or addresses and ranges (Fastify `trustProxy`). */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string = undefined;

  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent' = 'info';

  /** Where the JSON log lines go. Unset: standard output (one line per request). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  LOG_FILE?: string = undefined;

  /** Largest JSON or form request body (`1mb`, `500kb`); larger bodies get 413 unread. */
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must be a size such as 1mb or 500kb' })
  BODY_LIMIT = '1mb';

  /** Deepest selection nesting a GraphQL operation may have (fragments counted in place). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 10;

  /** Aliases per GraphQL operation (100 aliased `login` calls in one document are refused). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 15;

  /**
   * Highest cost of an operation in GraphQL Armor's model: a scalar 1, an object 2 plus 1.5 times
   * its children, times a literal `first`. The largest query the clients and tests send (a full
   * page of 100 enrolments with each user's profile) costs about 8,000.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GRAPHQL_MAX_COST = 20_000;

  /** Tokens in one GraphQL document; a longer one is refused while it is being parsed. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(100_000)
  GRAPHQL_MAX_TOKENS = 2000;

  /** Introspection and GraphiQL; never on unless NODE_ENV says development or test. */
  get exposesDevelopmentFeatures(): boolean {
    return this.NODE_ENV !== 'production';
  }
}

export class ConfigurationError extends Error {}

/** Reads and validates the environment; a bad value stops the process with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    if (env[key] !== undefined) raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `  - ${error.property}: ${message}`),
    );
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
