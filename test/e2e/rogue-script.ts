/**
 * A hostile script of the test origin on a device's tab channel (see
 * src/core/tabs/shared-phone.ts): it hears everything the tabs post, posts whatever it
 * likes, replays and alters what it heard, and signs with a key of its own (holding that
 * key's lock, as a tab does, but never joining the election). Runs in the test page or in
 * another tab (test/e2e/fixtures/tab.ts).
 */
import { electionName } from '../../src/core/tabs/shared-phone.js';
import { TabIdentity } from '../../src/core/tabs/tab-identity.js';

export class RogueScript {
  private readonly heard: unknown[] = [];
  private readonly channel: BroadcastChannel;
  private readonly lifetime = new AbortController();
  private identity: Promise<TabIdentity> | undefined;

  /** On the channel of the device `uri` with the default instance id. */
  constructor(uri: string) {
    this.channel = new BroadcastChannel(this.name(uri));
    this.channel.onmessage = (event: MessageEvent<unknown>) => this.heard.push(event.data);
  }

  private name(uri: string): string {
    return electionName({ uri, instanceId: '' });
  }

  /** Posts `data` as it is. */
  post(data: unknown): void {
    this.channel.postMessage(data);
  }

  /** Posts `message` signed with the rogue's own key. */
  async signed(uri: string, message: Record<string, unknown>): Promise<void> {
    this.identity ??= TabIdentity.create(this.name(uri), this.lifetime.signal);
    const identity = await this.identity;
    this.post(await identity.seal(identity.write(message)));
  }

  /** The last message heard whose body has `type`, as it was posted. */
  last(type: string): { key: string; body: string; sig: string } {
    for (const data of [...this.heard].reverse()) {
      const envelope = data as { key: string; body: string; sig: string };
      if (typeof envelope.body === 'string' && (JSON.parse(envelope.body) as { type: string }).type === type) return envelope;
    }
    throw new Error(`The rogue heard no ${type} message`);
  }

  /** How many messages whose body has `type` it heard. */
  count(type: string): number {
    return this.heard.filter((data) => {
      const body = (data as { body?: unknown } | null)?.body;
      return typeof body === 'string' && (JSON.parse(body) as { type?: unknown }).type === type;
    }).length;
  }

  /** Posts again the last message of `type` it heard, unchanged. */
  replay(type: string): void {
    this.post(this.last(type));
  }

  /** Posts the last message of `type` it heard with its body changed and the old signature. */
  tamper(type: string, change: (body: Record<string, unknown>) => Record<string, unknown>): void {
    const envelope = this.last(type);
    this.post({ ...envelope, body: JSON.stringify(change(JSON.parse(envelope.body) as Record<string, unknown>)) });
  }

  close(): void {
    this.lifetime.abort();
    this.channel.close();
  }
}
