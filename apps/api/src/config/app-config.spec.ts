import { ConfigurationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to production behaviour and the embedded SQLite database', () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe('production');
    expect(config.exposesDevelopmentFeatures).toBe(false);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SQLITE_PATH).toBe('data/academy.sqlite');
    expect(config.PORT).toBe(3000);
  });

  it('reads and converts values', () => {
    const config = loadConfig({ PORT: '8080', NODE_ENV: 'development', CORS_ORIGINS: 'https://a.nl, https://b.nl', DATABASE_URL: 'postgres://u@h/db' });
    expect(config.PORT).toBe(8080);
    expect(config.exposesDevelopmentFeatures).toBe(true);
    expect(config.CORS_ORIGINS).toEqual(['https://a.nl', 'https://b.nl']);
    expect(config.DATABASE_URL).toBe('postgres://u@h/db');
  });

  it('names every wrong setting in one message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', ADMIN_EMAIL: 'nope' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL must be a postgres:// URL');
    expect(message).toContain('JWT_SECRET must be at least 32 characters');
    expect(message).toContain('ADMIN_EMAIL must be an e-mail address');
  });

  it('has sane defaults for the request limits and logging', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      GRAPHQL_MAX_DEPTH: 10,
      GRAPHQL_MAX_ALIASES: 15,
      GRAPHQL_MAX_COST: 20000,
      GRAPHQL_MAX_TOKENS: 2000,
      BODY_LIMIT: '1mb',
      LOG_LEVEL: 'info',
      LOG_FILE: undefined,
    });
  });

  it('reads the request limits and refuses nonsense', () => {
    const config = loadConfig({ GRAPHQL_MAX_DEPTH: '12', GRAPHQL_MAX_ALIASES: '0', GRAPHQL_MAX_COST: '20000', GRAPHQL_MAX_TOKENS: '5000', BODY_LIMIT: '500kb', LOG_LEVEL: 'silent' });
    expect(config).toMatchObject({ GRAPHQL_MAX_DEPTH: 12, GRAPHQL_MAX_ALIASES: 0, GRAPHQL_MAX_COST: 20000, GRAPHQL_MAX_TOKENS: 5000, BODY_LIMIT: '500kb', LOG_LEVEL: 'silent' });
    let error: unknown;
    try {
      loadConfig({ GRAPHQL_MAX_DEPTH: '1', GRAPHQL_MAX_COST: 'lots', GRAPHQL_MAX_TOKENS: '0', BODY_LIMIT: '1 gigabyte', LOG_LEVEL: 'verbose' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const name of ['GRAPHQL_MAX_DEPTH', 'GRAPHQL_MAX_COST', 'GRAPHQL_MAX_TOKENS', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('BODY_LIMIT must be a size such as 1mb or 500kb');
  });
});
