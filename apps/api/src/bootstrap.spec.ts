import { sizeInBytes, trustProxySetting } from './bootstrap';

describe('trustProxySetting', () => {
  it('trusts no proxy unless told to', () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('')).toBe(false);
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
  });

  it('reads a number as the count of proxy hops to trust', () => {
    const trust = trustProxySetting('1') as (address: string, hop: number) => boolean;
    expect(trust('10.0.0.1', 0)).toBe(true);
    expect(trust('203.0.113.9', 1)).toBe(false);
  });

  it('passes addresses, ranges and names on as Fastify reads them', () => {
    expect(trustProxySetting('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});

describe('sizeInBytes', () => {
  it('reads the BODY_LIMIT units', () => {
    expect(sizeInBytes('1mb')).toBe(1024 * 1024);
    expect(sizeInBytes('500KB')).toBe(500 * 1024);
    expect(sizeInBytes('10b')).toBe(10);
    expect(() => sizeInBytes('1gb')).toThrow('Not a size: 1gb');
  });
});
