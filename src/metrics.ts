/**
 * Prometheus text metrics for `GET /metrics`: GraphQL requests and error codes, Okta calls by route
 * and status with their latency, rate-limit waiting and token refreshes. Labels are route templates
 * and codes only: never ids, logins or anything a caller typed.
 */

type Labels = Record<string, string>;

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = JSON.stringify(Object.entries(labels).sort());
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [key, value] of this.values) {
      const labels = (JSON.parse(key) as Array<[string, string]>).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',');
      lines.push(`${this.name}${labels ? `{${labels}}` : ''} ${value}`);
    }
    return lines;
  }
}

/** The process's metrics. */
export class Metrics {
  readonly graphqlRequests = new Counter('okta_subgraph_graphql_requests_total', 'GraphQL operations served, by type.');
  readonly graphqlErrors = new Counter('okta_subgraph_graphql_errors_total', 'GraphQL errors returned, by extensions.code.');
  readonly oktaRequests = new Counter('okta_subgraph_okta_requests_total', 'HTTP requests sent to Okta, by route template and status (0: no answer).');
  readonly oktaSeconds = new Counter('okta_subgraph_okta_request_seconds_total', 'Seconds spent in Okta requests, by route template.');
  readonly rateLimitWaitSeconds = new Counter('okta_subgraph_rate_limit_wait_seconds_total', 'Seconds requests were held back for Okta rate limits.');
  readonly tokenRefreshes = new Counter('okta_subgraph_token_refreshes_total', 'OAuth token refreshes, by outcome.');
  private readonly started = Date.now();

  /** The exposition text. */
  render(): string {
    const all = [this.graphqlRequests, this.graphqlErrors, this.oktaRequests, this.oktaSeconds, this.rateLimitWaitSeconds, this.tokenRefreshes];
    const uptime = ['# HELP okta_subgraph_uptime_seconds Seconds since the process started.', '# TYPE okta_subgraph_uptime_seconds gauge', `okta_subgraph_uptime_seconds ${Math.round((Date.now() - this.started) / 1000)}`];
    return `${[...all.flatMap((c) => c.render()), ...uptime].join('\n')}\n`;
  }
}
