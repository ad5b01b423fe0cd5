import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { CallbackError, type ConnectFlow } from './connect.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'referrer-policy': 'no-referrer' })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style></head>` +
        `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    );
}

/** `returnTo` with the outcome appended: `oktaConnect=connected`, or `oktaConnect=error&error=<code>`. */
function back(returnTo: string, outcome: Record<string, string>): string {
  const url = new URL(returnTo);
  for (const [k, v] of Object.entries(outcome)) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * `GET /integration-callback`: where Okta sends the browser after sign-in. Completes the connect
 * flow, then redirects to the `returnTo` given to `connectOkta` (already checked against
 * `CONNECT_RETURN_ORIGINS`) or shows a small page. The query string carries the authorization code:
 * it is never logged, and the page is never cached.
 */
export function integrationCallback(flow: ConnectFlow, redirectUri: string, logger: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    // The registered redirect URI plus Okta's query: the token request must name the URI exactly as
    // registered, whatever path prefix a proxy in front of us strips.
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const url = new URL(`${redirectUri}${query}`);
    try {
      const outcome = await flow.complete(url);
      if ('awaitingConfirmation' in outcome) {
        // The app of the user who started the flow confirms it (confirmOktaConnection) with `state`.
        res.redirect(303, back(outcome.returnTo, { oktaConnect: 'confirm', state: outcome.state }));
        return;
      }
      if (outcome.returnTo) {
        res.redirect(303, back(outcome.returnTo, { oktaConnect: 'connected' }));
        return;
      }
      page(res, 200, 'Okta connected', `Your Okta account${outcome.oktaLogin ? ` (${outcome.oktaLogin})` : ''} is connected. You can close this window.`);
    } catch (err) {
      if (err instanceof CallbackError) {
        logger.info({ code: err.code }, 'Okta connect callback refused');
        if (err.returnTo) {
          res.redirect(303, back(err.returnTo, { oktaConnect: 'error', error: err.code }));
          return;
        }
        page(res, err.status, 'Okta connection failed', `${err.message} (${err.code})`);
        return;
      }
      logger.error({ err }, 'Okta connect callback failed');
      page(res, 500, 'Okta connection failed', 'Something went wrong on our side. Start connecting again.');
    }
  };
}
