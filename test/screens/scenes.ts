/**
 * Every screen and state of the elements, scripted on a fake phone: what `npm run screenshots`
 * photographs (scripts/screenshots.mjs) and what the contrast test checks in `npm test`
 * (test/screens/contrast.test.ts), so both see the same screens. Runs in the browser.
 */
import { FakePhone } from '../../src/elements/testing.harness.js';
import { recentCalls } from '../../src/services/recent-calls.js';
import type { RcCallControls } from '../../src/elements/rc-call-controls/rc-call-controls.component.js';
import type { RcDialpad } from '../../src/elements/rc-dialpad/rc-dialpad.component.js';
import { CallState } from '../../src/core/states.js';

export interface Scene {
  /** The element to mount (one, with its attributes). */
  readonly html: string;
  /** Scripts the fake phone's state before the element renders. */
  readonly setup?: (phone: FakePhone) => void;
  /** Runs once the element has rendered (opens a panel, silences a ringtone…). */
  readonly after?: (el: SceneElement, phone: FakePhone | undefined) => unknown;
  /** Mounted without a phone. */
  readonly noPhone?: boolean;
  /** `--rc-phone-width` in px. */
  readonly width?: number;
}

type SceneElement = HTMLElement & { readonly shadowRoot: ShadowRoot; readonly updateComplete: Promise<unknown>; [method: string]: unknown };

/** An element inside `el`'s shadow root (the scenes know their markup). */
const inside = <T extends Element = HTMLElement & { updateComplete: Promise<unknown>; shadowRoot: ShadowRoot }>(el: Element, selector: string): T =>
  el.shadowRoot!.querySelector(selector) as T;

const ago = (seconds: number): number => Date.now() - seconds * 1000;
const bob = { displayName: 'Bob Example', user: '+16504223279', uri: 'sip:+16504223279@example.com' };
const carol = { displayName: 'Carol Jones', user: 'carol', uri: 'sip:carol@example.com' };

const log = recentCalls('sip:me@example.com');
log.clear();
log.add({
  id: 'r1',
  direction: 'inbound',
  displayName: 'Dave Miller',
  user: '+14155550123',
  uri: 'sip:+14155550123@example.com',
  createdAt: ago(3600),
  startedAt: undefined,
  endedAt: ago(3590),
});
log.add({
  id: 'r2',
  direction: 'outbound',
  displayName: '',
  user: '101',
  uri: 'sip:101@example.com',
  createdAt: ago(1800),
  startedAt: ago(1795),
  endedAt: ago(1600),
});
log.add({
  id: 'r3',
  direction: 'inbound',
  displayName: 'Erin Walsh',
  user: 'erin',
  uri: 'sip:erin@example.com',
  createdAt: ago(600),
  startedAt: ago(595),
  endedAt: ago(420),
});
log.add({
  id: 'r4',
  direction: 'outbound',
  displayName: 'Bob Example',
  user: '+16504223279',
  uri: 'sip:+16504223279@example.com',
  createdAt: ago(300),
  startedAt: undefined,
  endedAt: ago(295),
  endReason: 'busy',
});
log.add({
  id: 'r5',
  direction: 'outbound',
  displayName: '',
  user: 'nobody',
  uri: 'sip:nobody@example.com',
  createdAt: ago(200),
  startedAt: undefined,
  endedAt: ago(199),
  endReason: 'not-found',
});
log.add({
  id: 'r6',
  direction: 'inbound',
  displayName: 'Frank Li',
  user: 'frank',
  uri: 'sip:frank@example.com',
  createdAt: ago(100),
  startedAt: undefined,
  endedAt: ago(90),
  endReason: 'declined',
});

export const SCENES: Readonly<Record<string, Scene>> = {
  dialpad: { html: '<rc-dialpad value="+16504223279"></rc-dialpad>' },
  'dialpad-invalid': {
    html: '<rc-dialpad value="hello world!"></rc-dialpad>',
    after: (el) => (el as unknown as RcDialpad).dial(),
  },
  'dialpad-no-provider': { html: '<rc-dialpad></rc-dialpad>', noPhone: true },
  'call-controls': {
    html: '<rc-call-controls style="width: 24rem"></rc-call-controls>',
    setup: (phone) => {
      phone.update({ capabilities: ['record', 'park', 'flip'] });
      phone.addCall({ remote: bob, startedAt: ago(83) });
    },
  },
  'call-controls-keypad': {
    html: '<rc-call-controls style="width: 24rem"></rc-call-controls>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(83) }),
    after: (el) => inside(el, '[data-action="keypad"]').click(),
  },
  'call-controls-warm-transfer': {
    html: '<rc-call-controls style="width: 24rem"></rc-call-controls>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(200) }),
    after: async (el, phone) => {
      await (el as unknown as RcCallControls).request('consult', { target: 'carol' });
      const consult = phone!.snapshot.calls.find((c) => c.state === CallState.Dialing);
      phone!.update({
        calls: phone!.snapshot.calls.map((c) =>
          c.id === consult?.id ? { ...c, state: CallState.Established, startedAt: ago(12), remote: carol } : { ...c, held: true },
        ),
      });
    },
  },
  'incoming-call': {
    html: '<rc-incoming-call silent style="width: 22rem"></rc-incoming-call>',
    setup: (phone) => {
      phone.update({ capabilities: ['voicemail', 'forward', 'reply'] });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob });
    },
  },
  'call-list': {
    html: '<rc-call-list style="width: 24rem"></rc-call-list>',
    setup: (phone) => {
      phone.addCall({ remote: carol, startedAt: ago(300), held: true });
      phone.addCall({ remote: bob, startedAt: ago(83) });
      phone.addCall({
        direction: 'inbound',
        state: 'ringing',
        startedAt: undefined,
        remote: { displayName: 'Frank Li', user: 'frank', uri: 'sip:frank@example.com' },
      });
    },
  },
  'device-picker': { html: '<rc-device-picker style="width: 24rem"></rc-device-picker>' },
  phone: { html: '<rc-phone></rc-phone>' },
  'phone-in-call': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(83) }),
  },
  'phone-ringing': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob }),
    after: (el) => inside(el, 'rc-incoming-call').setAttribute('silent', ''),
  },
  'phone-call-waiting': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.addCall({ remote: carol, startedAt: ago(140) });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob });
    },
    after: (el) => inside(el, 'rc-incoming-call').setAttribute('silent', ''),
  },
  'phone-ringing-provider-actions': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ capabilities: ['voicemail', 'forward', 'reply'] });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob });
    },
    after: (el) => inside(el, 'rc-incoming-call').setAttribute('silent', ''),
  },
  'phone-dialing': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ direction: 'outbound', state: 'ringing', startedAt: undefined, remote: bob }),
  },
  'phone-on-hold': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ capabilities: ['record', 'park', 'flip'] });
      phone.addCall({ remote: bob, startedAt: ago(83), held: true, muted: true, recording: true });
    },
  },
  'phone-held-by-other-side': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) =>
      phone.addCall({ remote: { displayName: '', user: '+16504223279', uri: 'sip:+16504223279@example.com' }, startedAt: ago(20), remoteHeld: true }),
  },
  'phone-reconnecting': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ connection: 'reconnecting', connectionAttempt: 2, registration: 'unregistered' });
      phone.addCall({ remote: bob, startedAt: ago(300) });
    },
  },
  'phone-microphone-waiting': {
    html: '<rc-phone></rc-phone>',
    // A follower tab while the leader tab, in the background, waits for its microphone (Firefox).
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(4), warnings: ['microphone-waiting'] }),
  },
  'phone-in-call-keypad': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(83) }),
    after: async (el) => {
      const controls = inside(el, 'rc-call-controls');
      inside(controls, '[data-action="keypad"]').click();
      await controls.updateComplete;
    },
  },
  'phone-after-call-busy': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ direction: 'outbound', state: 'ended', endReason: 'busy', endCode: 'busy', startedAt: undefined, remote: bob }),
  },
  'phone-after-call-ended': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ state: 'ended', endReason: 'remote-hangup', startedAt: ago(95), endedAt: ago(0), remote: carol }),
  },
  'phone-wrong-password': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ registration: 'failed' });
      phone.setProblem({ code: 'registration-rejected', message: 'The server rejected the sign-in.' });
    },
  },
  'phone-server-unreachable': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ connection: 'disconnected', registration: 'unregistered' });
      phone.setProblem({ code: 'server-unreachable', message: 'The phone server cannot be reached.' });
    },
  },
  'phone-microphone-blocked': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.setProblem({ code: 'microphone-denied', message: 'Microphone access was denied.' }),
  },
  'phone-recent-calls': {
    html: '<rc-phone view="calls"></rc-phone>',
  },
};

/** Scenes also taken at 320 px wide (the narrowest phone the kit supports). */
export const NARROW = ['phone', 'phone-in-call', 'phone-ringing', 'phone-after-call-busy', 'phone-wrong-password', 'phone-recent-calls'];

/**
 * States no scene shows by itself: after a scene renders, the mouse rests on (hover) or the
 * keyboard focus is on (focus) the element the selector finds inside the scene (a selector
 * list descends through shadow roots: `rc-dialpad input` is `input` inside `<rc-dialpad>`).
 */
export const FORCED: Readonly<Record<string, readonly (readonly [state: string, how: 'hover' | 'focus', selector: string])[]>> = {
  'phone-in-call': [
    ['hover-hold', 'hover', '[data-action="hold"]'],
    ['focus-hangup', 'focus', '[data-action="hangup"]'],
  ],
  'phone-on-hold': [
    ['hover-resume', 'hover', '[data-action="unhold"]'],
    ['focus-unmute', 'focus', '[data-action="unmute"]'],
  ],
  phone: [
    ['focus-number', 'focus', 'rc-dialpad input'],
    ['hover-key', 'hover', 'rc-dialpad [part~="key"]'],
  ],
  'phone-wrong-password': [
    ['hover-action', 'hover', '[part~="action-button"]'],
    ['focus-action', 'focus', '[part~="action-button"]'],
  ],
  'phone-after-call-busy': [['focus-call-again', 'focus', '[data-action="call-again"]']],
};

/** WCAG 2.2 A and AA, with color-contrast: the rules axe checks on every screen. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * The element `selector` names under `root`, looking into shadow roots: each space-separated
 * step is found anywhere below the previous one (as Playwright's CSS does), e.g.
 * `rc-dialpad input`.
 */
export function deepQuery(root: ParentNode, selector: string): HTMLElement | null {
  const [first, ...rest] = selector.trim().split(/\s+/);
  const found = first === undefined ? null : findDeep(root, first);
  if (!found || rest.length === 0) return found;
  return deepQuery(found.shadowRoot ?? found, rest.join(' '));
}

function findDeep(root: ParentNode, selector: string): HTMLElement | null {
  const found = root.querySelector<HTMLElement>(selector);
  if (found) return found;
  for (const node of root.querySelectorAll('*')) {
    const inner = node.shadowRoot && findDeep(node.shadowRoot, selector);
    if (inner) return inner;
  }
  return null;
}

/** Renders scene `name` in `theme` into a fresh `<section data-shot>` of `document.body`; resolves once it has settled. */
export async function renderScene(name: string, theme: 'light' | 'dark'): Promise<HTMLElement> {
  const scene = SCENES[name] ?? SCENES[name.replace(/-320$/, '')];
  if (!scene) throw new Error(`No scene ${name}`);
  const width = name.endsWith('-320') ? 320 : scene.width;
  document.body.replaceChildren();
  document.documentElement.setAttribute('theme', theme);
  const section = document.createElement('section');
  section.dataset['shot'] = '';
  section.style.cssText = 'display: inline-block; padding: 24px; background: ' + (theme === 'dark' ? '#121316' : '#f6f7f8');
  const phone = scene.noPhone ? undefined : new FakePhone({ uri: 'sip:me@example.com' });
  phone?.provide(section);
  section.innerHTML = scene.html;
  const el = section.firstElementChild as SceneElement;
  if (width) el.style.setProperty('--rc-phone-width', width + 'px');
  el.setAttribute('theme', theme);
  if (phone && scene.setup) scene.setup(phone);
  document.body.append(section);
  await el.updateComplete;
  if (scene.after) await scene.after(el, phone);
  // Let nested elements and device lists settle.
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const nodes = [...section.querySelectorAll('*'), ...el.shadowRoot.querySelectorAll('*')] as Partial<SceneElement>[];
    await Promise.all(nodes.map((node) => node.updateComplete));
  }
  return section;
}

/** Every scene's name, with the 320 px ones. */
export const SCENE_NAMES = [...Object.keys(SCENES), ...NARROW.map((name) => `${name}-320`)];
