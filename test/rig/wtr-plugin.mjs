// @web/test-runner plugin: owns the project's Kamailio for a test run and lets browser
// tests drive it (`executeServerCommand('rig', …)`): read the config, kill and restart
// the server, count bindings, deny or grant the microphone.
import { accounts, Kamailio } from './kamailio.mjs';

export function rigPlugin({ logDir }) {
  const servers = new Map();
  const server = (name = 'primary') => {
    let instance = servers.get(name);
    if (!instance) {
      instance = new Kamailio({ name, logFile: logDir ? `${logDir}/kamailio-${name}.log` : undefined });
      servers.set(name, instance);
    }
    return instance;
  };

  return {
    name: 'rc-phone-kit-rig',
    async serverStart() {
      await server('primary').start();
    },
    async serverStop() {
      await Promise.all([...servers.values()].map((instance) => instance.stop()));
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'rig') return undefined;
      const { action, name, user } = payload;
      switch (action) {
        case 'config':
          return { domain: accounts.domain, accounts: accounts.accounts, servers: Object.fromEntries([...servers].filter(([, s]) => s.running).map(([n, s]) => [n, s.url])) };
        case 'start':
          await server(name).start();
          return { url: server(name).url };
        case 'kill':
          server(name).kill();
          return true;
        case 'contacts':
          return server(name).contacts(user);
        case 'microphone': {
          const page = session.browser.getPage(session.id);
          const origin = new URL(page.url()).origin;
          const cdp = await page.createCDPSession();
          await cdp.send('Browser.setPermission', { permission: { name: 'microphone' }, setting: payload.setting, origin });
          await cdp.detach();
          return true;
        }
        default:
          throw new Error(`Unknown rig action ${action}`);
      }
    },
  };
}
