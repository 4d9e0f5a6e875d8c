import { useEffect, useState } from 'react';
// React wrappers made with @lit/react: properties as props, `rc-*` events as `onRc…` props.
import { RcCallControls, RcDialpad, RcIncomingCall, RcPhoneProvider } from 'rc-phone-kit/react';

interface SipSettings {
  readonly server: string;
  readonly uri: string;
  readonly password: string;
  readonly displayName: string;
}

/**
 * Your app gets the SIP settings from its backend; this example asks the demo server
 * (`npm start`) for a test account.
 */
async function loadSettings(user: string): Promise<SipSettings> {
  const config = await (await fetch('/demo-config.json')).json();
  const account = config.accounts.find((a: { user: string }) => a.user === user);
  return { server: config.sipServer, uri: `sip:${user}@${config.domain}`, password: account.password, displayName: account.displayName };
}

export function App({ user }: { user: string }) {
  const [settings, setSettings] = useState<SipSettings>();
  const [status, setStatus] = useState('Connecting…');

  useEffect(() => {
    let current = true;
    loadSettings(user).then(
      (loaded) => current && setSettings(loaded),
      (error: Error) => current && setStatus(error.message),
    );
    return () => {
      current = false;
    };
  }, [user]);

  return (
    <main style={{ maxWidth: '24rem', margin: '2rem auto', fontFamily: 'system-ui, sans-serif' }}>
      <h1>React</h1>
      <p role="status">{status}</p>
      {settings && (
        <RcPhoneProvider
          server={settings.server}
          uri={settings.uri}
          displayName={settings.displayName}
          password={settings.password}
          onRcRegistrationChange={(e) => setStatus(`${settings.displayName}: ${e.detail.state}`)}
          onRcError={(e) => setStatus(e.detail.error.message)}
        >
          <div style={{ display: 'grid', gap: '1rem' }}>
            <RcIncomingCall />
            <RcDialpad />
            <RcCallControls />
          </div>
        </RcPhoneProvider>
      )}
    </main>
  );
}
