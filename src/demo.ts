/**
 * `npm run demo`: a seeded Okta simulator on a free loopback port and the subgraph wired to it, in
 * one process; Ctrl-C stops both. The subgraph runs as it does in production (per-user OAuth, the
 * embedded SQLite store), with `AUTH_MODE=dev` standing in for the platform's JWTs, and the dev
 * caller's Okta account is connected at start-up through the real authorization-code flow.
 */
import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startSimulator } from './simulator/index.js';

const port = Number(process.env.PORT ?? 4001);
const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
const client = { clientId: '0oademookta5ubgraph1', clientSecret: randomBytes(24).toString('base64url') };
const sim = await startSimulator({
  users: 500,
  seed: 1,
  oauthClients: [{ ...client, redirectUris: [`${publicUrl}/integration-callback`], name: 'Okta Subgraph (demo)' }],
});

let config: Config;
try {
  config = loadConfig({
    ...process.env,
    AUTH_MODE: 'dev',
    OKTA_DOMAIN: sim.url,
    OKTA_ALLOW_INSECURE_HTTP: 'true',
    OKTA_CLIENT_ID: client.clientId,
    OKTA_CLIENT_SECRET: client.clientSecret,
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    await sim.close();
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.logLevel);
const app = await createApp({ config, logger });
await new Promise<void>((resolve, reject) => {
  app.httpServer.once('error', reject);
  app.httpServer.listen(config.port, config.host, () => resolve());
});
const graphql = `http://127.0.0.1:${config.port}/graphql`;

/** Runs the connect flow as a browser would: connectOkta, Okta's sign-in (auto-consent), our callback. */
async function connectDevCaller(): Promise<string> {
  const res = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { connectOkta { authorizationUrl userErrors { message } } }' }),
  });
  const body = (await res.json()) as { data?: { connectOkta?: { authorizationUrl: string | null; userErrors: Array<{ message: string }> } } };
  const url = body.data?.connectOkta?.authorizationUrl;
  if (!url) throw new Error(body.data?.connectOkta?.userErrors[0]?.message ?? 'connectOkta failed');
  const authorize = await fetch(url, { redirect: 'manual' });
  const callback = authorize.headers.get('location');
  if (!callback) throw new Error(`Okta's authorize endpoint answered ${authorize.status}`);
  const done = await fetch(callback.replace(publicUrl, `http://127.0.0.1:${config.port}`), { redirect: 'manual' });
  if (!done.ok) throw new Error(`the callback answered ${done.status}`);
  const me = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ oktaConnection { me { profile { login } } } }' }),
  });
  const who = (await me.json()) as { data?: { oktaConnection?: { me?: { profile?: { login?: string } } | null } } };
  return who.data?.oktaConnection?.me?.profile?.login ?? 'the default admin';
}

let connected: string;
try {
  connected = `connected as ${await connectDevCaller()}`;
} catch (err) {
  connected = `NOT connected (${(err as Error).message}); connect by hand as below`;
}

process.stdout.write(`
okta-subgraph demo
  Okta simulator   ${sim.url}  (${sim.org.users.size} seeded users; stats at ${sim.url}/__simulator/stats)
  Subgraph         ${publicUrl}/graphql  (AUTH_MODE=dev: you are tenant "${config.auth.mode === 'dev' ? config.auth.tenantId : ''}", a tenant admin)
  Okta connection  ${connected}
  Apollo Sandbox   open ${publicUrl}/graphql in a browser

Try this query in Sandbox:
  { oktaConnection { status grantedScopes me { profile { login } } }
    users(first: 5) { nodes { id status profile { login displayName } } } }

To connect again by hand: run  mutation { connectOkta { authorizationUrl } }  in Sandbox and open
the authorizationUrl in your browser (the simulator signs you in as admin@example.com; append
&login_hint=org.admin@example.com to act as another seeded user).

Ctrl-C stops both.
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void Promise.allSettled([app.stop(), sim.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
