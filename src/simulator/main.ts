import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';

const USAGE = `Usage: npm run okta-sim -- [--port P] [--users N] [--seed S] [--api-token T]
                         [--rate-limit N --rate-window S] [--latency MS] [--host H]`;

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative number (got "${value}")\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      'api-token': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-window': { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const rateLimit = args['rate-limit'] !== undefined ? number('rate-limit', args['rate-limit'], 0) : undefined;
const windowS = number('rate-window', args['rate-window'], 60);
const started = Date.now();
const sim = await startSimulator({
  port: number('port', args.port, 0),
  host: args.host,
  users: number('users', args.users, 500),
  seed: args.seed ?? 1,
  apiToken: args['api-token'],
  latencyMs: number('latency', args.latency, 0),
  rateLimit:
    rateLimit !== undefined
      ? { windowMs: windowS * 1000, defaultLimit: rateLimit, buckets: {} }
      : { windowMs: windowS * 1000 },
});
process.stdout.write(`Okta simulator listening on ${sim.url}\n`);
process.stdout.write(`  org: ${sim.org.users.size} users, seed ${String(sim.org.options.seed)}, ready in ${Date.now() - started} ms\n`);
if (!args['api-token']) process.stdout.write(`  API token (dev): ${sim.org.apiToken}\n`);
process.stdout.write(`  control plane: ${sim.url}/__simulator/stats\n`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
