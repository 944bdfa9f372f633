import { DrillUsageError, parseDrillArgs } from './args.js';

describe('parseDrillArgs', () => {
  it('reads --rate as a number of requests per second, in both spellings, with --quick', () => {
    expect(parseDrillArgs(['--quick', '--rate', '800'])).toEqual({
      quick: true,
      out: 'drill-report',
      rate: 800,
    });
    expect(parseDrillArgs(['--rate=300', '--out', '/tmp/x'])).toEqual({
      quick: false,
      out: '/tmp/x',
      rate: 300,
    });
  });

  it('takes --rate from 10 to 5000 and refuses anything else, naming the range', () => {
    expect(parseDrillArgs(['--rate', '10']).rate).toBe(10);
    expect(parseDrillArgs(['--rate', '5000']).rate).toBe(5000);
    for (const bad of [
      ['--rate', '9'],
      ['--rate', '5001'],
      ['--rate', '8e2'],
      ['--rate', '-5'],
      ['--rate'],
      ['--rate='],
    ])
      expect(() => parseDrillArgs(bad)).toThrow(
        new DrillUsageError('--rate takes a number of requests per second from 10 to 5000'),
      );
  });

  it('refuses --rate with --replicas: the burst runbook drives one api', () => {
    expect(() => parseDrillArgs(['--rate', '800', '--replicas', '2'])).toThrow(/do not combine/);
  });

  it('still reads --replicas, --out and --quick as before, and refuses an unknown argument', () => {
    expect(parseDrillArgs([])).toEqual({ quick: false, out: 'drill-report' });
    expect(parseDrillArgs(['--replicas=2', '--out=o'])).toEqual({ quick: false, out: 'o', replicas: 2 });
    expect(() => parseDrillArgs(['--replicas', '9'])).toThrow('--replicas takes a number from 2 to 8');
    expect(() => parseDrillArgs(['--fast'])).toThrow('unknown argument "--fast"');
    expect(() => parseDrillArgs(['--out'])).toThrow('unknown argument "--out"');
  });
});
