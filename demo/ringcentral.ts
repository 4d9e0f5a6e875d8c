// RingCentral: the app's client id, the platform URL (here the local emulator) and the page
// RingCentral sends the user back to (it runs handleRingCentralCallback()).
import '../src/define.js';
import type { RcPhoneProvider } from '../src/index.js';
import { demoConfig, logLine, watch } from './demo-config.js';

const log = document.querySelector('.log');
try {
  const config = await demoConfig();
  const provider = document.querySelector<RcPhoneProvider>('rc-phone-provider[provider="ringcentral"]');
  if (provider) {
    watch(provider, 'RingCentral', document.querySelector('#ringcentral .status'), log);
    provider.addEventListener('rc-auth-change', (e) => logLine(log, `RingCentral: ${e.detail.status}${e.detail.reason ? ` (${e.detail.reason})` : ''}`));
    provider.clientId = config.ringcentral.clientId;
    provider.redirectUri = new URL('/examples/ringcentral/callback.html', location.href).href;
    provider.server = config.ringcentral.server;
  }
} catch (error) {
  logLine(log, error instanceof Error ? error.message : String(error));
}
