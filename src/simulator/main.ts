import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';
import { defaultClient, type OAuthClientRegistration } from './oauth/state.js';

const USAGE = `Usage: npm run okta-sim -- [--port P] [--users N] [--seed S] [--api-token T]
                         [--rate-limit N --rate-window S] [--latency MS] [--host H]
                         [--client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI ...]]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

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
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
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

// The OAuth web app the subgraph connects with: all Okta API scopes and the OIDC ones allowed.
let oauthClient: OAuthClientRegistration | undefined;
const redirectUris = args['redirect-uri'] ?? [];
if (args['client-id'] !== undefined || args['client-secret'] !== undefined || redirectUris.length > 0) {
  if (!args['client-id'] || !args['client-secret'] || redirectUris.length === 0) {
    fail('--client-id, --client-secret and at least one --redirect-uri go together');
  }
  const badUri = redirectUris.find((uri) => !URL.canParse(uri) || uri.includes('#'));
  if (badUri !== undefined) fail(`--redirect-uri must be an absolute URI without a fragment (got "${badUri}")`);
  oauthClient = { clientId: args['client-id'], clientSecret: args['client-secret'], redirectUris, name: 'Okta Subgraph' };
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
  oauthClients: oauthClient ? [oauthClient] : [],
  rateLimit:
    rateLimit !== undefined
      ? { windowMs: windowS * 1000, defaultLimit: rateLimit, buckets: {} }
      : { windowMs: windowS * 1000 },
});
process.stdout.write(`Okta simulator listening on ${sim.url}\n`);
process.stdout.write(`  org: ${sim.org.users.size} users, seed ${String(sim.org.options.seed)}, ready in ${Date.now() - started} ms\n`);
if (!args['api-token']) process.stdout.write(`  API token (dev): ${sim.org.apiToken}\n`);
const seeded = defaultClient(sim.org.options.seed);
process.stdout.write(`  OAuth issuer: ${sim.url} (discovery: ${sim.url}/.well-known/openid-configuration)\n`);
if (seeded.clientId !== oauthClient?.clientId) process.stdout.write(`  OAuth client (dev): client_id=${seeded.clientId} client_secret=${seeded.clientSecret} redirect_uris=${seeded.redirectUris.join(' ')}\n`);
if (oauthClient) {
  // The secret was given on the command line: not echoed.
  process.stdout.write(`  OAuth client: client_id=${oauthClient.clientId} redirect_uris=${oauthClient.redirectUris.join(' ')}\n`);
}
process.stdout.write(`  control plane: ${sim.url}/__simulator/stats, ${sim.url}/__simulator/oauth\n`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
