// An app server's token endpoint that fails the way real ones do, for token-endpoint.test.ts:
// an HTTP server on 127.0.0.1 in front of the reference token server (examples/token-server)
// that, as the test sets it, accepts each request and never answers ('hang'), answers a
// status of its own (a 503 from a load balancer, say), answers a body of its own, or passes
// the request on and relays the answer ('pass'). It records when each POST came and when
// the client gave up on it, so a test can read the kit's timeout and backoff where they act.
// Started on request by the test runner (rig actions 'token-gate*', test/rig/wtr-plugin.mjs).
// Node only.
import { createServer } from 'node:http';

export class TokenGate {
  /** `upstream`: the reference token endpoint's URL (read at each request: it may restart). */
  constructor(upstream) {
    this.upstream = upstream;
    /** @type {'hang' | 'pass' | number | { body: unknown }} */
    this.mode = 'pass';
    /** One entry per POST: when it came, the mode it met, and when the client closed it unanswered. */
    this.requests = [];
    this.held = new Set();
  }

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${this.server.address().port}/sip-token`;
    return this;
  }

  async handle(req, res) {
    // The test page is on another origin (the test runner's): CORS, with the bearer header.
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Accept, Content-Type');
      res.setHeader('Access-Control-Expose-Headers', 'Date');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const entry = { time: Date.now(), mode: this.mode, closedAt: undefined };
    this.requests.push(entry);
    req.resume();
    if (this.mode === 'hang') {
      this.held.add(res);
      res.on('close', () => {
        this.held.delete(res);
        entry.closedAt = Date.now();
      });
      return;
    }
    if (typeof this.mode === 'number') {
      res.writeHead(this.mode, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'unavailable' }));
      return;
    }
    if (typeof this.mode === 'object') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(this.mode.body));
      return;
    }
    const answer = await fetch(this.upstream(), { method: 'POST', headers: { Authorization: req.headers.authorization ?? '' } });
    res.writeHead(answer.status, { 'Content-Type': 'application/json', Date: answer.headers.get('Date') ?? new Date().toUTCString() });
    res.end(await answer.text());
  }

  async stop() {
    for (const res of this.held) res.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve()));
  }
}
