/**
 * Browser-side helpers for end-to-end tests against the project's Kamailio: mount
 * providers for test accounts, wait for events and conditions, read WebRTC statistics.
 */
import { ContextEvent } from '@lit/context';
import { executeServerCommand } from '@web/test-runner-commands';
import { phoneContext, type PhoneCommands } from '../../src/context/phone-context.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { Call } from '../../src/core/call.js';
import type { PhoneOptions } from '../../src/core/phone.js';
import '../../src/elements/rc-phone-provider/rc-phone-provider.js';

export interface TestAccount {
  readonly user: string;
  readonly authUser?: string;
  readonly password: string;
  readonly displayName: string;
}

export interface RigConfig {
  readonly domain: string;
  readonly accounts: readonly TestAccount[];
  /** Running Kamailio instances by name ('primary' always) → ws:// URL. */
  readonly servers: Readonly<Record<string, string>>;
}

/** Asks the test runner's rig plugin (test/rig/wtr-plugin.mjs) to do something on the server side. */
export async function rigCommand<T>(action: string, payload: Record<string, unknown> = {}): Promise<T> {
  return (await executeServerCommand('rig', { action, ...payload })) as T;
}

let config: RigConfig | undefined;
export async function rigConfig(): Promise<RigConfig> {
  config ??= await rigCommand<RigConfig>('config');
  return config;
}

export async function account(user: string): Promise<TestAccount> {
  const found = (await rigConfig()).accounts.find((a) => a.user === user);
  if (!found) throw new Error(`No test account ${user}`);
  return found;
}

export async function sipUri(user: string): Promise<string> {
  return `sip:${user}@${(await rigConfig()).domain}`;
}

const mounted = new Set<HTMLElement>();

export interface MountOptions {
  password?: string;
  displayName?: string;
  register?: boolean;
  server?: string;
  phoneOptions?: Partial<Omit<PhoneOptions, 'credentials'>>;
  /** The provider's STUN/TURN servers (default none). */
  iceServers?: readonly RTCIceServer[];
  /** Where to put the provider (default document.body). */
  parent?: HTMLElement;
  /** Markup placed inside the provider before it connects. */
  children?: string;
  /** `tab-sharing` (default on: providers for the same device share one phone). */
  tabSharing?: 'on' | 'off';
}

/** Adds an `<rc-phone-provider>` for a test account and (by default) waits until registered. */
export async function mountProvider(user: string, options: MountOptions = {}): Promise<RcPhoneProvider> {
  const acct = await account(user);
  const rig = await rigConfig();
  const el = document.createElement('rc-phone-provider');
  el.server = options.server ?? rig.servers['primary'] ?? '';
  el.uri = await sipUri(user);
  if (acct.authUser) el.authorizationUsername = acct.authUser;
  el.displayName = options.displayName ?? acct.displayName;
  el.password = options.password ?? acct.password;
  el.phoneOptions = { iceGatheringTimeout: 200, ...options.phoneOptions };
  if (options.iceServers) el.iceServers = options.iceServers;
  if (options.tabSharing) el.tabSharing = options.tabSharing;
  if (options.children) el.innerHTML = options.children;
  mounted.add(el);
  const registered = options.register === false ? undefined : nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered');
  const failed = nextEvent(el, 'rc-error').then((e) => {
    throw new Error(`${user} failed to start: ${e.detail.code} ${e.detail.error.message}`);
  });
  (options.parent ?? document.body).append(el);
  if (registered) await Promise.race([registered, failed]);
  failed.catch(() => undefined);
  return el;
}

/** `caller` calls `callee`'s user; `callee` answers. Resolves with both ends of the established call. */
export async function connect(caller: RcPhoneProvider, callee: RcPhoneProvider, target: string): Promise<{ out: Call; inc: Call }> {
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const out = await caller.phone!.call(target);
  const inc = callee.phone!.getCall((await ringing).detail.callId)!;
  const up = nextEvent(caller, 'rc-call-state-change', (e) => e.detail.callId === out.id && e.detail.state === 'established');
  await inc.answer();
  await up;
  return { out, inc };
}

/** Removes every provider mounted by {@link mountProvider} and waits for their phones to close. */
export async function unmountAll(): Promise<void> {
  const phones = [...mounted].map((el) => (el as RcPhoneProvider).phone);
  for (const el of mounted) el.remove();
  mounted.clear();
  await Promise.all(phones.map((phone) => phone?.dispose()));
}

/** The commands a descendant element receives through context (they report failures as rc-error). */
export function commandsOf(provider: HTMLElement): PhoneCommands {
  const child = provider.appendChild(document.createElement('span'));
  let commands: PhoneCommands | undefined;
  child.dispatchEvent(new ContextEvent(phoneContext, child, (value: { commands: PhoneCommands } | undefined) => (commands = value?.commands)));
  child.remove();
  if (!commands) throw new Error('No phone context above this element');
  return commands;
}

/** Resolves with the next `type` event on `target` that matches `predicate`. */
export function nextEvent<K extends keyof HTMLElementEventMap>(
  target: EventTarget,
  type: K,
  predicate: (event: HTMLElementEventMap[K]) => boolean = () => true,
  timeout = 15_000,
): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`No ${type} event within ${timeout} ms`));
    }, timeout);
    const listener = (event: Event): void => {
      if (!predicate(event as HTMLElementEventMap[K])) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as HTMLElementEventMap[K]);
    };
    target.addEventListener(type, listener);
  });
}

/** Polls `condition` until it holds; fails with `message` after `timeout` ms. */
export async function waitFor(condition: () => boolean | Promise<boolean>, message: string, timeout = 10_000): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`Timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface AudioStats {
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly packetsReceived: number;
  /** Sum of squared audio levels received (WebRTC stats `totalAudioEnergy`). */
  readonly receivedEnergy: number;
  readonly codec: string | undefined;
}

export async function audioStats(pc: RTCPeerConnection | undefined): Promise<AudioStats> {
  if (!pc) throw new Error('No peer connection');
  const stats = await pc.getStats();
  let bytesSent = 0;
  let bytesReceived = 0;
  let packetsReceived = 0;
  let receivedEnergy = 0;
  let codecId: string | undefined;
  stats.forEach((report: Record<string, unknown>) => {
    if (report['kind'] !== 'audio') return;
    if (report['type'] === 'outbound-rtp') bytesSent += Number(report['bytesSent'] ?? 0);
    if (report['type'] === 'inbound-rtp') {
      bytesReceived += Number(report['bytesReceived'] ?? 0);
      packetsReceived += Number(report['packetsReceived'] ?? 0);
      receivedEnergy += Number(report['totalAudioEnergy'] ?? 0);
      codecId = report['codecId'] as string | undefined;
    }
  });
  const codec = codecId ? (stats.get(codecId) as { mimeType?: string } | undefined)?.mimeType : undefined;
  return { bytesSent, bytesReceived, packetsReceived, receivedEnergy, codec };
}

/** Waits until audio bytes arrive and keep arriving on `pc`. */
export async function expectAudioFlowing(pc: RTCPeerConnection | undefined, label: string): Promise<AudioStats> {
  const first = await audioStats(pc);
  let latest = first;
  await waitFor(async () => {
    latest = await audioStats(pc);
    return latest.bytesReceived > first.bytesReceived && latest.packetsReceived > first.packetsReceived;
  }, `audio flowing into ${label}`);
  return latest;
}

/**
 * Received audio energy below this over a window counts as silence: a disabled track still
 * yields ~1e-10 of codec noise, while Chromium's fake microphone beeps at ~0.1 per second.
 */
export const SILENCE = 1e-6;

/** Energy of received audio over `ms` milliseconds (below {@link SILENCE} when the far end sends silence). */
export async function receivedEnergyOver(pc: RTCPeerConnection | undefined, ms: number): Promise<number> {
  const before = await audioStats(pc);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await audioStats(pc);
  return after.receivedEnergy - before.receivedEnergy;
}

/** The page runs in Firefox (ESR, driven over WebDriver BiDi; see README, "How the tests run"). */
export const inFirefox = navigator.userAgent.includes('Firefox/');
