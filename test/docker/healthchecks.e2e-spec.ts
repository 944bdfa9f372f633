import { healthcheckUrlOf, loadCompose } from './support/compose-file.js';
import { ShopFixture } from '../support/shop.fixture.js';

// What compose and Prometheus ask of the api and worker containers, asked of the real
// processes: the healthcheck path answers 200 when Redis is up, and /metrics is served.
describe('the api and worker containers answer what compose and Prometheus ask of them', () => {
  const compose = loadCompose();
  let shop: ShopFixture;
  let workerUrl: string;

  beforeAll(async () => {
    shop = await ShopFixture.start({ ROLE: 'api' });
    const worker = await shop.startAnotherApi({ ROLE: 'worker' });
    if (worker.url === null)
      throw new Error(
        'a ROLE=worker process printed no url: it does not listen, so it cannot be probed or scraped',
      );
    workerUrl = worker.url;
  }, 60_000);

  afterAll(() => shop?.stop());

  const urlOf = (service: string) => (service === 'api' ? shop.apiUrl : workerUrl);

  it.each(['api', 'worker'])("%s answers its compose healthcheck's path with 200", async (service) => {
    const probe = healthcheckUrlOf(compose.services[service]!);
    expect(probe).toBeDefined();
    const response = await fetch(`${urlOf(service)}${probe!.pathname}`);
    expect(response.status).toBe(200);
  });

  it.each(['api', 'worker'])('%s serves the Prometheus exposition at /metrics', async (service) => {
    const response = await fetch(`${urlOf(service)}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
  });
});
