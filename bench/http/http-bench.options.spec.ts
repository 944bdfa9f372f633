import { DEFAULT_OPTIONS, InvalidBenchArgumentError, parseHttpBenchArgs } from './http-bench.options.js';

describe('parseHttpBenchArgs', () => {
  it('takes 5 s loads, 3 rounds, 50 connections and every route without arguments', () => {
    expect(parseHttpBenchArgs([])).toEqual({
      json: false,
      durationS: 5,
      rounds: 3,
      connections: 50,
      routes: ['products', 'product', 'inventory', 'checkout'],
      cpuProf: false,
      peerClients: 'axios',
    });
  });

  it("puts the peers on Carta's undici clients with --peer-clients undici, and refuses other clients", () => {
    expect(parseHttpBenchArgs(['--peer-clients', 'undici']).peerClients).toBe('undici');
    expect(() => parseHttpBenchArgs(['--peer-clients', 'fetch'])).toThrow(
      /--peer-clients fetch: expected one of axios, undici/,
    );
  });

  it('reads values given as the next argument or after an equals sign', () => {
    const options = parseHttpBenchArgs(['--duration', '1.5', '--rounds=2', '--connections', '10']);
    expect([options.durationS, options.rounds, options.connections]).toEqual([1.5, 2, 10]);
  });

  it('turns --json and --cpu-prof on', () => {
    const options = parseHttpBenchArgs(['--json', '--cpu-prof']);
    expect([options.json, options.cpuProf]).toEqual([true, true]);
  });

  it('keeps the routes asked for in table order, each once', () => {
    expect(parseHttpBenchArgs(['--routes', 'checkout,products,checkout']).routes).toEqual([
      'products',
      'checkout',
    ]);
  });

  it('names the unknown routes of --routes', () => {
    expect(() => parseHttpBenchArgs(['--routes', 'products,orders'])).toThrow(/unknown: orders/);
  });

  it.each([['0'], ['1.5'], ['abc'], [''], ['21']])('refuses --rounds %j', (value) => {
    expect(() => parseHttpBenchArgs(['--rounds', value])).toThrow(InvalidBenchArgumentError);
  });

  it('says what a bad value should have been', () => {
    expect(() => parseHttpBenchArgs(['--duration', '-1'])).toThrow(
      '--duration takes a number above 0 and at most 60, got "-1"',
    );
  });

  it('refuses a flag whose value is missing', () => {
    expect(() => parseHttpBenchArgs(['--connections'])).toThrow('--connections needs a value');
  });

  it('refuses an argument it does not know', () => {
    expect(() => parseHttpBenchArgs(['--rate', '5'])).toThrow('unknown argument --rate');
  });

  it('never changes its defaults through a parsed result', () => {
    parseHttpBenchArgs([]).routes.pop();
    expect(DEFAULT_OPTIONS.routes).toHaveLength(4);
  });
});
