// @web/test-runner plugin: owns the project's Kamailio for a test run and lets browser
// tests drive it (`executeServerCommand('rig', …)`): read the config, kill, freeze and
// restart servers, count bindings, deny or grant the microphone.
import { appendFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startTokenServer } from '../../examples/token-server/server.mjs';
import { startRingCentralEmulator } from '../emulators/ringcentral/server.mjs';
import { turnRig } from './coturn.mjs';
import { deskphoneRig } from './deskphone.mjs';
import { impairRig } from './impair.mjs';
import { accounts, Kamailio } from './kamailio.mjs';
import { ringcentralOptions, signInAt } from './ringcentral.mjs';
import { setMicrophone } from './permissions.mjs';
import { peerRig } from './peers.mjs';
import { tabRig } from './tabs.mjs';
import { TokenGate } from './token-gate.mjs';

export function rigPlugin({ logDir }) {
  const servers = new Map();
  const server = (name = 'primary', defines = []) => {
    let instance = servers.get(name);
    if (!instance) {
      instance = new Kamailio({ name, defines, logFile: logDir ? `${logDir}/kamailio-${name}.log` : undefined });
      servers.set(name, instance);
    }
    return instance;
  };

  // The reference app server of examples/token-server (dev mode: the test secret and the
  // demo users), minting tokens for the primary Kamailio. Restarted with another TTL on
  // request; its log lines are kept (with the time of each) so tests can check that no secret
  // is ever logged, and when requests came.
  const token = { server: undefined, ttlSeconds: 600, origin: undefined, log: [] };
  const startToken = async (ttlSeconds) => {
    await token.server?.close();
    token.ttlSeconds = ttlSeconds;
    token.server = await startTokenServer({
      sipServer: server('primary').url,
      dev: true,
      ttlSeconds,
      allowedOrigins: [token.origin],
      log: (line) => {
        token.log.push({ time: Date.now(), line });
        if (logDir) appendFileSync(`${logDir}/token-server.log`, `${line}\n`);
      },
    });
  };

  // A failing token endpoint in front of the reference one (test/rig/token-gate.mjs), on request.
  let gate;

  // RingCentral platform emulators (test/emulators/ringcentral): one for the run, more with
  // other options (token lifetimes) on request; sip-provision points at the primary
  // Kamailio, with a second instance as the backup proxy.
  const ringcentral = [];
  const startRingCentral = async (options = {}) => {
    const emulator = await startRingCentralEmulator(ringcentralOptions(server('primary').url, server('backup').url, options));
    ringcentral.push(emulator);
    return emulator;
  };

  // The test file (session) the registrars were last emptied for.
  let registrarsClearedFor;

  // Second tabs in the test page's browser context (test/rig/tabs.mjs).
  const tabs = tabRig();
  // Independent far ends (JsSIP) in browser contexts of their own (test/rig/peers.mjs).
  const peers = peerRig();

  // The desk phone behind rtpengine (test/rig/deskphone.mjs), only for the suites that ask.
  const deskphone = deskphoneRig({ logDir });
  // The TURN relay (test/rig/coturn.mjs), likewise.
  const turn = turnRig({ logDir });
  // The impairing UDP relay in front of it (test/rig/impair.mjs), likewise.
  const impair = impairRig();

  return {
    name: 'rc-phone-kit-rig',
    // A token endpoint that answers what no app server should (token-endpoint.test.ts): an
    // HTML page (a proxy's sign-in page, say) as 200, or well-formed credentials padded to
    // 2 MB, streamed with no Content-Length.
    serve(context) {
      if (context.path === '/__hostile/sip-token-html') return { body: '<!doctype html><title>Sign in</title><p>Please sign in.', type: 'html' };
      if (context.path !== '/__hostile/sip-token') return undefined;
      const credentials = { server: 'ws://127.0.0.1:9', uri: 'sip:bob@127.0.0.1', username: 'bob', password: 'x', expiresAt: Date.now() + 600_000 };
      const padding = 'x'.repeat(64 * 1024);
      const json = `${JSON.stringify(credentials).slice(0, -1)},"padding":"`;
      return { body: Readable.from([json, ...Array.from({ length: 32 }, () => padding), '"}']), type: 'json' };
    },
    async serverStart({ config }) {
      await server('primary').start();
      await server('backup').start();
      await startRingCentral();
      token.origin = `http://${config.hostname}:${config.port}`;
      await startToken(token.ttlSeconds);
    },
    async serverStop() {
      await tabs.closeAll().catch(() => undefined);
      await deskphone.stop();
      await impair.stop();
      await turn.stop();
      await peers.closeAll().catch(() => undefined);
      await token.server?.close();
      await gate?.stop();
      await Promise.all(ringcentral.map((emulator) => emulator.close()));
      await Promise.all([...servers.values()].map((instance) => instance.stop()));
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'rig') return undefined;
      const { action, name, user } = payload;
      await tabs.closeStale(session.id);
      await peers.closeStale(session.id);
      // Each test file starts with empty registrars: a binding an earlier file left behind
      // (a page closed without un-REGISTER) must not change the counts this one asserts.
      if (session.id !== registrarsClearedFor) {
        registrarsClearedFor = session.id;
        await Promise.all([...servers.values()].filter((instance) => instance.running).map((instance) => instance.clearBindings()));
      }
      if (action.startsWith('tab-')) return tabs.command(action, payload, session);
      if (action.startsWith('desk-')) return deskphone.command(action, payload);
      if (action.startsWith('turn-')) return turn.command(action, payload);
      if (action.startsWith('impair-')) return impair.command(action, payload);
      if (action.startsWith('peer-')) return peers.command(action, payload, session);
      switch (action) {
        case 'config':
          return {
            domain: accounts.domain,
            accounts: accounts.accounts,
            servers: Object.fromEntries([...servers].filter(([, s]) => s.running).map(([n, s]) => [n, s.url])),
            tokenServer: token.server?.url,
            ringcentral: ringcentral[0]?.url,
          };
        case 'token-server':
          if (payload.ttlSeconds !== undefined && payload.ttlSeconds !== token.ttlSeconds) await startToken(payload.ttlSeconds);
          return { url: token.server.url, ttlSeconds: token.ttlSeconds };
        case 'token-gate':
          // `mode` (optional): 'hang', 'pass', an HTTP status, or { body }. Answers the gate's URL and requests so far.
          gate ??= await new TokenGate(() => `${token.server.url}/sip-token`).start();
          if (payload.mode !== undefined) gate.mode = payload.mode;
          return { url: gate.url, requests: gate.requests };
        case 'token-server-log':
          return payload.timed ? token.log : token.log.map((entry) => entry.line);
        case 'ringcentral':
          return { url: (await startRingCentral(payload.options)).url };
        case 'ringcentral-sign-in':
          await signInAt(session.browser.getPage(session.id), payload);
          return true;
        case 'start':
          // `defines` (kamailio.cfg #!ifdef switches) apply when the instance is first made.
          await server(name, payload.defines).start();
          return { url: server(name).url };
        case 'kill':
          await servers.get(name ?? 'primary')?.kill();
          return true;
        case 'freeze':
        case 'thaw':
          servers.get(name ?? 'primary')?.pause(action === 'freeze');
          return true;
        case 'contacts':
          return server(name).contacts(user);
        case 'registrations':
          return server(name).registrations;
        case 'microphone': {
          const page = session.browser.getPage(session.id);
          await setMicrophone(page.browser(), new URL(page.url()).origin, payload.setting);
          return true;
        }
        default:
          throw new Error(`Unknown rig action ${action}`);
      }
    },
  };
}
