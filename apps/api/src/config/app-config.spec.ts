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
});
