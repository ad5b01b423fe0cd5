import { afterAll, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(running.map((child) => new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGKILL');
  })));
});

/** Waits until the CLI has printed `text` (its banner comes in several writes). */
async function printed(output: () => string, text: string): Promise<string> {
  for (let i = 0; i < 50 && !output().includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return output();
}

/** Starts the CLI as `npm run okta-sim` would (tsx itself, not npx: killing npx leaves the server). */
function startCli(args: string[]): { child: ChildProcess; output: () => string; listening: Promise<{ url: string; ms: number }> } {
  const started = performance.now();
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['src/simulator/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const listening = new Promise<{ url: string; ms: number }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Okta simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1]!, ms: performance.now() - started });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}: ${err}`)));
  });
  return { child, output: () => out, listening };
}

test('`main.ts --port 0 --users 100000 --seed 7` listens within 30 s and serves users and logs', async () => {
  const cli = startCli(['--port', '0', '--users', '100000', '--seed', '7', '--api-token', 'cli-test-token']);
  const { url, ms } = await cli.listening;
  expect(ms).toBeLessThan(30_000);
  expect(await printed(cli.output, 'control plane')).toContain('100000 users, seed 7');
  const auth = { authorization: 'SSWS cli-test-token' };

  const users = await fetch(`${url}/api/v1/users?limit=200`, { headers: auth });
  expect(users.status).toBe(200);
  expect(users.headers.get('x-rate-limit-limit')).toBe('600');
  expect(((await users.json()) as unknown[]).length).toBe(200);
  const next = /<([^>]+)>; rel="next"/.exec(users.headers.get('link') ?? '')?.[1];
  expect(next).toBeDefined();
  expect((await fetch(next!, { headers: auth })).status).toBe(200);

  const logs = await fetch(`${url}/api/v1/logs?since=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&limit=1000`, { headers: auth });
  expect(logs.status).toBe(200);
  expect(((await logs.json()) as unknown[]).length).toBe(1000);

  const exited = new Promise<number | null>((resolve) => cli.child.on('exit', (code) => resolve(code)));
  cli.child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);

test('prints a dev API token when none is given, and refuses a bad flag', async () => {
  const cli = startCli(['--port', '0', '--users', '50', '--seed', '7']);
  const { url } = await cli.listening;
  const token = /API token \(dev\): (\S+)/.exec(await printed(cli.output, 'control plane'))?.[1];
  expect(token).toBeDefined();
  expect((await fetch(`${url}/api/v1/users?limit=1`, { headers: { authorization: `SSWS ${token}` } })).status).toBe(200);
  cli.child.kill('SIGTERM');

  const bad = startCli(['--users', 'many']);
  await expect(bad.listening).rejects.toThrow(/--users must be a non-negative number/);
}, 60_000);
