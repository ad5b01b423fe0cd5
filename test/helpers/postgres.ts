import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL test database, or undefined (with the reason printed) when none is configured. */
export function testDatabaseUrl(suite: string): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) process.stdout.write(`[${suite}] PostgreSQL tests skipped: TEST_DATABASE_URL is not set\n`);
  return url;
}

/**
 * A private schema in the test database, so that test files running in parallel never see each
 * other's rows. Returns a connection string whose search_path is that schema.
 */
export async function isolatedSchema(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
