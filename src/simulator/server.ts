import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors, isResponse, type Principal, type SimRequest, type SimResponse } from './http.js';
import type { Org } from './org.js';
import { allows } from './roles.js';
import { bucketFor, rateLimitHeaders } from './rateLimits.js';
import { Router, routeName, type RouteDef } from './router.js';

const MAX_BODY = 1 << 20;

function requestId(): string {
  return randomBytes(18).toString('base64url');
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Authenticates a management call: `SSWS <api token>` or `Bearer <access token>`. */
function authenticate(org: Org, header: string | undefined): Principal | undefined {
  if (!header) return undefined;
  const [scheme, token] = header.split(/\s+/, 2);
  if (!token) return undefined;
  if (scheme?.toUpperCase() === 'SSWS') {
    return token === org.apiToken ? { kind: 'ssws', userId: org.defaultAdminId() } : undefined;
  }
  if (scheme?.toLowerCase() === 'bearer') return org.bearer?.(token);
  return undefined;
}

/**
 * Authorization of a management call, as Okta does it: a bearer token must hold one of the scope
 * sets the endpoint declares (403 E0000006 with `WWW-Authenticate: Bearer error="insufficient_scope"`),
 * and the user behind any credential must hold an admin role that allows the operation (403 E0000006).
 */
function authorize(org: Org, def: RouteDef, principal: Principal): SimResponse | undefined {
  if (principal.kind === 'bearer' && def.scopes && !def.scopes.some((all) => all.every((s) => principal.scopes?.has(s)))) {
    const res = errors.forbidden();
    const wanted = def.scopes.map((all) => all.join(' ')).join(' or ');
    res.headers = {
      'www-authenticate': `Bearer authorization_uri="${org.baseUrl}/oauth2/v1/authorize", realm="${org.baseUrl}", scope="${wanted}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${def.path}"`,
    };
    return res;
  }
  if (def.permission) {
    const user = org.users.get(principal.userId);
    if (!user || user.status !== 'ACTIVE' || !allows(user.roles, def.permission)) return errors.forbidden();
  }
  return undefined;
}

async function writeResponse(res: http.ServerResponse, response: SimResponse, headers: Record<string, string>, malformed: boolean, slowBodyMs: number): Promise<void> {
  let body = response.raw ?? (response.body === undefined ? '' : JSON.stringify(response.body));
  if (malformed && body.length > 1) body = body.slice(0, Math.floor(body.length / 2));
  const all: Record<string, string> = { ...headers, ...response.headers };
  if (body !== '' || response.raw !== undefined) all['content-type'] = response.contentType ?? 'application/json';
  res.writeHead(response.status, all);
  if (slowBodyMs > 0 && body.length > 0) {
    const pieces = 5;
    const size = Math.ceil(body.length / pieces);
    for (let i = 0; i < body.length; i += size) {
      if (res.destroyed) return;
      res.write(body.slice(i, i + size));
      await sleep(slowBodyMs / pieces);
    }
    res.end();
    return;
  }
  res.end(body);
}

/**
 * The simulator's HTTP server: routing, then for every counted call the pipeline Okta applies —
 * concurrency limit, injected faults, rate-limit bucket, authentication, authorization — and
 * finally the handler. Every answer carries `X-Okta-Request-Id` and the bucket's rate-limit headers.
 */
export function createSimulatorServer(org: Org, router: Router): http.Server {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', org.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = router.match(method, url.pathname);
    const id = requestId();
    const baseHeaders: Record<string, string> = { 'x-okta-request-id': id };

    if (matched === undefined) {
      await writeResponse(res, errors.notFound(url.pathname), baseHeaders, false, 0);
      return;
    }
    if (matched === 'methodMismatch') {
      await writeResponse(res, errors.noRoute(), baseHeaders, false, 0);
      return;
    }
    const { def, params } = matched;
    const raw = await readBody(req);
    const simReq: SimRequest = {
      method,
      url,
      query: url.searchParams,
      params,
      headers: req.headers,
      body: undefined,
      rawBody: raw ?? '',
      route: routeName(def),
      requestId: id,
      baseUrl: org.baseUrl,
      ip: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    };

    if (def.kind === 'control') {
      const response = await runHandler(def, simReq, raw);
      await writeResponse(res, response, baseHeaders, false, 0);
      return;
    }

    org.stats.count(simReq.route);
    if (!org.rateLimiter.enter()) {
      await writeResponse(res, errors.rateLimited(), { ...baseHeaders, ...org.rateLimiter.concurrencyHeaders() }, false, 0);
      return;
    }
    try {
      // Okta counts every call against its bucket, including calls that then fail, and reports the
      // bucket on every answer (the public metadata endpoints have none).
      const bucket = def.bucket ?? bucketFor(def.method, def.path);
      const decision = bucket === undefined ? undefined : org.rateLimiter.take(bucket);
      const headers = decision ? { ...baseHeaders, ...rateLimitHeaders(decision) } : baseHeaders;
      if (decision && !decision.allowed) {
        await writeResponse(res, errors.rateLimited(), headers, false, 0);
        return;
      }
      const plan = org.faults.plan(simReq.route);
      const delay = plan.delayMs + org.latencyMs + org.faults.jitter(org.latencyJitterMs);
      if (delay > 0) await sleep(delay);
      if (plan.reset) {
        req.socket.destroy();
        return;
      }
      if (plan.errorStatus) {
        await writeResponse(res, plan.errorStatus === 503 ? errors.unavailable() : { ...errors.internal(), status: plan.errorStatus }, headers, false, 0);
        return;
      }
      if (def.kind === 'management') {
        const principal = authenticate(org, req.headers.authorization);
        if (!principal) {
          await writeResponse(res, errors.invalidToken(), headers, false, 0);
          return;
        }
        const denied = authorize(org, def, principal);
        if (denied) {
          await writeResponse(res, denied, headers, false, 0);
          return;
        }
        simReq.principal = principal;
      }
      const response = await runHandler(def, simReq, raw);
      await writeResponse(res, response, headers, plan.malformed, plan.slowBodyMs);
    } finally {
      org.rateLimiter.leave();
    }
  });
}

async function runHandler(def: RouteDef, req: SimRequest, raw: string | undefined): Promise<SimResponse> {
  if (raw === undefined) return { ...errors.validation(['body: request body too large']), status: 413 };
  const type = String(req.headers['content-type'] ?? '');
  if (raw !== '' && (type.includes('json') || type === '')) {
    try {
      req.body = JSON.parse(raw);
    } catch {
      if (def.kind !== 'oauth') return errors.malformedBody();
    }
  }
  try {
    const result = await def.handler(req);
    return isResponse(result) ? result : errors.internal();
  } catch (err) {
    process.stderr.write(`okta simulator: handler of ${routeName(def)} failed: ${(err as Error).stack}\n`);
    return errors.internal();
  }
}
