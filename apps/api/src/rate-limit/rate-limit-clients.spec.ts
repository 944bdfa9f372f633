import { apiKeyId, RateLimitClients } from './rate-limit-clients.js';

describe('RateLimitClients', () => {
  const clients = new RateLimitClients(['partner-key-0123456789']);

  it('names a configured key by an id that does not contain the key', () => {
    const id = clients.keyedClientOf('partner-key-0123456789');
    expect(id).toBe(apiKeyId('partner-key-0123456789'));
    expect(id).toMatch(/^key:[0-9a-f]{12}$/);
  });

  it('knows no client for a missing, unknown or repeated key header', () => {
    expect(clients.keyedClientOf(undefined)).toBeUndefined();
    expect(clients.keyedClientOf('someone-elses-key-0000')).toBeUndefined();
    expect(clients.keyedClientOf(['partner-key-0123456789', 'partner-key-0123456789'])).toBeUndefined();
  });
});
