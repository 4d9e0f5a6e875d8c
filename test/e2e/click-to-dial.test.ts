/**
 * `click-to-dial`: real clicks and key presses (the browser's own input, through the test
 * runner's mouse and keyboard) on `tel:` and `sip:` links of the page place calls through
 * `rc-request-dial`, whose listener sets a header; the far end is JsSIP, which shows what
 * arrived (the INVITE's To and headers).
 */
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { mountProvider, nextEvent, unmountAll, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';

// A numeric test account, so that a tel: link can reach it.
const NUMBER = '17203861294*116';
let peer: JssipClient | undefined;
let page: HTMLElement | undefined;

async function click(element: Element): Promise<void> {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

async function invites(): Promise<string[]> {
  return (await peer!.wire()).filter((m) => !m.sent && m.firstLine.startsWith('INVITE ')).map((m) => m.text);
}

/** Waits for the kit's call to be up at JsSIP, then hangs it up from the kit. */
async function connectedThenHangup(provider: RcPhoneProvider): Promise<void> {
  await waitFor(async () => (await peer!.state()).established, 'the call is up for JsSIP');
  const ended = nextEvent(provider, 'rc-call-ended');
  await provider.hangup();
  await ended;
}

describe('click-to-dial', () => {
  afterEach(async () => {
    page?.remove();
    page = undefined;
    await unmountAll();
    await peer?.call('stop').catch(() => undefined);
    await peer?.close();
    peer = undefined;
  });

  it('a real click and Enter on tel: links call through rc-request-dial; editable, modified or vetoed clicks do not', async () => {
    peer = await JssipClient.start(NUMBER);
    page = document.body.appendChild(document.createElement('div'));
    page.innerHTML = `
      <p><a id="tel" href="tel:1-720-386-1294*116;phone-context=example.com">Call support</a></p>
      <div contenteditable="true"><a id="editable" href="tel:17203861294*116">in an editor</a></div>
      <p><a id="sip" href="sip:${NUMBER}@127.0.0.1?X-Injected=1">SIP link</a></p>`;
    // After the kit's document listener: keeps the browser from opening a tel: handler for the clicks the kit leaves alone.
    const stopNavigation = (event: Event): void => event.preventDefault();
    window.addEventListener('click', stopNavigation);
    try {
      const provider = await mountProvider('erin');
      const requests: { target: string; input: string }[] = [];
      const onRequest = (event: HTMLElementEventMap['rc-request-dial']): void => {
        requests.push({ target: event.detail.target, input: event.detail.input });
        event.detail.headers = ['X-Source: click-to-dial'];
      };
      provider.addEventListener('rc-request-dial', onRequest);

      // Off by default.
      await click(page.querySelector('#tel')!);
      expect(requests).to.deep.equal([]);

      provider.clickToDial = true;
      await provider.updateComplete;
      expect(provider.getAttribute('click-to-dial')).to.equal('');
      await click(page.querySelector('#editable')!);
      await sendKeys({ down: 'Shift' });
      await click(page.querySelector('#tel')!);
      await sendKeys({ up: 'Shift' });
      expect(requests).to.deep.equal([]);

      await click(page.querySelector('#tel')!);
      expect(requests).to.deep.equal([{ target: NUMBER, input: 'tel:1-720-386-1294*116;phone-context=example.com' }]);
      await connectedThenHangup(provider);
      const [byClick] = await invites();
      // The proxy rewrote the Request-URI to JsSIP's contact; To still names whom the kit called.
      expect(byClick).to.match(new RegExp(`^To: <sip:${NUMBER.replace('*', '\\*')}@127\\.0\\.0\\.1>\r$`, 'm'));
      expect(byClick).to.match(/^X-Source: click-to-dial\r$/m);

      // Keyboard: Tab-reachable like any link; Enter activates it.
      page.querySelector<HTMLAnchorElement>('#sip')!.focus();
      await sendKeys({ press: 'Enter' });
      expect(requests[1]).to.deep.equal({ target: `sip:${NUMBER}@127.0.0.1`, input: `sip:${NUMBER}@127.0.0.1?X-Injected=1` });
      await connectedThenHangup(provider);
      const byKey = (await invites())[1]!;
      expect(byKey).to.match(/^X-Source: click-to-dial\r$/m);
      expect(byKey).not.to.match(/X-Injected/);

      // Vetoed: no call (the next click's INVITE is the only one after it).
      provider.addEventListener('rc-request-dial', (event) => event.preventDefault(), { once: true });
      await click(page.querySelector('#tel')!);
      await click(page.querySelector('#tel')!);
      expect(requests).to.have.length(4);
      await connectedThenHangup(provider);
      expect(await invites()).to.have.length(3);
    } finally {
      window.removeEventListener('click', stopNavigation);
    }
  });
});
