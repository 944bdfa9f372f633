import { InvalidPeerSettingError, readPeerSettings } from './peer-settings.js';

const WIRED = {
  PORT: '0',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CATALOG_URL: 'http://127.0.0.1:4001',
  INVENTORY_URL: 'http://127.0.0.1:4002',
  PAYMENTS_URL: 'http://127.0.0.1:4003',
};

describe('readPeerSettings', () => {
  it("sends through axios's own adapter unless PEER_CLIENTS says undici", () => {
    expect(readPeerSettings(WIRED).clients).toBe('axios');
    expect(readPeerSettings({ ...WIRED, PEER_CLIENTS: 'undici' }).clients).toBe('undici');
  });

  it('refuses an unknown PEER_CLIENTS rather than running the peer on a default', () => {
    const read = () => readPeerSettings({ ...WIRED, PEER_CLIENTS: 'got' });
    expect(read).toThrow(InvalidPeerSettingError);
    expect(read).toThrow(/PEER_CLIENTS=got: expected one of axios, undici/);
  });
});
