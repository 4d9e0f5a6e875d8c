/**
 * What the demo server (scripts/demo-server.mjs) says about the local phone system. The
 * passwords are those of the public test accounts: a real app gets credentials from its
 * own backend (see token.html) or from a sign-in (ringcentral.html).
 */
export interface DemoConfig {
  readonly sipServer: string;
  readonly domain: string;
  readonly accounts: readonly { readonly user: string; readonly password: string; readonly displayName: string }[];
  readonly ringcentral: { readonly server: string; readonly clientId: string };
  readonly tokenUrl: string;
  readonly tokenLoginUrl: string;
}

export async function demoConfig(): Promise<DemoConfig> {
  const response = await fetch('/demo-config.json');
  if (!response.ok) throw new Error(`The demo server did not answer (${response.status}). Is \`npm start\` running?`);
  return (await response.json()) as DemoConfig;
}

/** Appends one line to the page's event log (as text: caller names are untrusted). */
export function logLine(log: Element | null, text: string): void {
  if (!log) return;
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  log.append(item);
  log.scrollTop = log.scrollHeight;
}

/** Keeps a status line and the event log up to date with what a provider reports. */
export function watch(provider: HTMLElement, name: string, status: Element | null, log: Element | null): void {
  provider.addEventListener('rc-registration-change', (e) => {
    if (status) status.textContent = e.detail.state === 'registered' ? 'Registered: ready to call.' : `Registration: ${e.detail.state}`;
    logLine(log, `${name}: registration ${e.detail.state}`);
  });
  provider.addEventListener('rc-call-incoming', (e) =>
    logLine(log, `${name}: incoming call from ${e.detail.call.remote.displayName || e.detail.call.remote.user}`),
  );
  provider.addEventListener('rc-call-state-change', (e) => logLine(log, `${name}: call ${e.detail.previous} → ${e.detail.state}`));
  provider.addEventListener('rc-call-ended', (e) => logLine(log, `${name}: call ended (${e.detail.reason})`));
  provider.addEventListener('rc-error', (e) => {
    logLine(log, `${name}: error ${e.detail.code}: ${e.detail.error.message}`);
    if (status && !e.detail.callId) status.textContent = `${e.detail.error.message} ${e.detail.error.solutions[0] ?? ''}`;
  });
}
