// Alice and Bob: two providers with the SIP credentials of the demo accounts.
import '../src/define.js';
import type { RcPhoneProvider } from '../src/index.js';
import { demoConfig, logLine, watch } from './demo-config.js';

const log = document.querySelector('.log');
try {
  const config = await demoConfig();
  for (const provider of document.querySelectorAll<RcPhoneProvider>('rc-phone-provider[data-user]')) {
    const account = config.accounts.find((a) => a.user === provider.dataset['user']);
    if (!account) continue;
    const section = provider.closest('section');
    watch(provider, account.displayName, section?.querySelector('.status') ?? null, log);
    provider.displayName = account.displayName;
    provider.password = account.password;
    provider.uri = `sip:${account.user}@${config.domain}`;
    provider.server = config.sipServer;
  }
} catch (error) {
  logLine(log, error instanceof Error ? error.message : String(error));
}
