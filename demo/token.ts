// Token credentials: sign in to the app (here POST /api/login of the reference token server,
// which sets a session cookie), then let the provider fetch SIP credentials from /api/sip-token.
import '../src/define.js';
import type { RcPhoneProvider } from '../src/index.js';
import { demoConfig, logLine, watch } from './demo-config.js';

const log = document.querySelector('.log');
const status = document.querySelector('#token .status');
const provider = document.querySelector<RcPhoneProvider>('#token rc-phone-provider');
const form = document.querySelector<HTMLFormElement>('#login');
if (provider) watch(provider, 'Token phone', status, log);

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(new FormData(form));
});

async function signIn(data: FormData): Promise<void> {
  try {
    const config = await demoConfig();
    const response = await fetch(config.tokenLoginUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: data.get('user'), password: data.get('password') }),
    });
    if (!response.ok) {
      if (status) status.textContent = response.status === 401 ? 'Wrong user or password.' : `Sign-in failed (${response.status}).`;
      return;
    }
    logLine(log, `App: signed in as ${String(data.get('user'))}`);
    if (!provider) return;
    provider.tokenUrl = config.tokenUrl;
    provider.provider = 'token';
  } catch (error) {
    logLine(log, error instanceof Error ? error.message : String(error));
  }
}
