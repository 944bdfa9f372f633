import { jest } from '@jest/globals';

// A user of fetch has no axios: the entry point may name axios's types, never load it.
const loaded: string[] = [];
jest.unstable_mockModule('axios', () => {
  loaded.push('axios');
  return {};
});
jest.unstable_mockModule('@nestjs/axios', () => {
  loaded.push('@nestjs/axios');
  return {};
});

describe('@carta/resilience/http', () => {
  it('loads neither axios nor @nestjs/axios', async () => {
    await import('./index.js');
    expect(loaded).toEqual([]);
  });

  it.each([
    'DEADLINE_HEADER',
    'TIMEOUT_HEADER',
    'outboundDeadlineHeaders',
    'useOutboundDeadlines',
    'useHttpServiceDeadlines',
    'AttemptAbortSignal',
    'createDeadlineFetch',
    'deadlineFetch',
    'deadlineFromHeaders',
    'requestDeadline',
    'InvalidDeadlineError',
    'isInvalidDeadlineError',
  ])('exports %s', async (name) => {
    expect(await import('./index.js')).toHaveProperty(name);
  });

  it('names the headers in lower case, as Node hands them to a server', async () => {
    const { DEADLINE_HEADER, TIMEOUT_HEADER } = await import('./index.js');
    expect([DEADLINE_HEADER, TIMEOUT_HEADER]).toEqual(['x-request-deadline', 'x-request-timeout-ms']);
  });
});
