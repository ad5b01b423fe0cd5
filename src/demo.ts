/**
 * `npm run demo`: a seeded Okta simulator on a free loopback port and the subgraph wired to it,
 * in one process; Ctrl-C stops both. For exploring in Apollo Sandbox without an Okta org.
 */
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startSimulator } from './simulator/index.js';

const sim = await startSimulator({ users: 500, seed: 1 });

let config;
try {
  config = loadConfig({
    ...process.env,
    OKTA_DOMAIN: sim.url,
    OKTA_ALLOW_INSECURE_HTTP: 'true',
    OKTA_API_TOKEN: sim.org.apiToken,
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

const sandbox = `http://localhost:${config.port}/graphql`;
process.stdout.write(`
okta-subgraph demo
  Okta simulator   ${sim.url}  (${sim.org.users.size} seeded users; stats at ${sim.url}/__simulator/stats)
  Subgraph         ${sandbox}
  Apollo Sandbox   open ${sandbox} in a browser

Try this query in Sandbox:
  { users(first: 5) { nodes { id status profile { login displayName } } } }

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
