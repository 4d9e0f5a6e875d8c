/**
 * RingCentral's call-control messages: the XML of the `P-rc` header on incoming INVITEs
 * and of the `x-rc/agent` MESSAGE bodies, e.g.
 * `<Msg><Hdr SID="…" Req="…" From="…" To="…" Cmd="6"/><Bdy Phn="…" Nm="CALLER NAME"/></Msg>`.
 * Only the attributes of `Hdr` and `Bdy` carry meaning. Everything read here is untrusted.
 */

/** Commands (`Cmd`) of the RingCentral web phone's call control. */
export const RcCommand = {
  /** Server → client: another device answered, or this one did (confirmation). */
  AlreadyProcessed: 7,
  /** Server → client: the session is closed (e.g. after a reply message). */
  SessionClose: 9,
  Forward: 10,
  ToVoicemail: 11,
  Reject: 12,
  StartReply: 13,
  Reply: 14,
  /** Client → server: the call is ringing here. */
  ReceiveConfirm: 17,
} as const;

export interface RcMessage {
  readonly header: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>>;
}

// Headers are small; a huge one is not RingCentral's and not worth parsing.
const MAX_XML = 8192;

const attributes = (element: Element | undefined): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const attribute of element?.attributes ?? []) result[attribute.name] = attribute.value;
  return result;
};

/**
 * Parses a `P-rc` header or an `x-rc/agent` body. Returns undefined for anything that is
 * not well-formed XML with a `<Msg><Hdr/>` (DOMParser never fetches or runs anything).
 */
export function parseRcMessage(xml: string | undefined): RcMessage | undefined {
  // No DOCTYPE, entity, CDATA or comment: RingCentral's messages have none, and internal
  // entities expand (a few hundred bytes can become megabytes, or rewrite a caller's name).
  if (!xml || xml.length > MAX_XML || xml.includes('<!')) return undefined;
  const doc = new DOMParser().parseFromString(xml.trim(), 'text/xml');
  if (doc.getElementsByTagName('parsererror').length > 0 || doc.documentElement.nodeName !== 'Msg') return undefined;
  const header = doc.documentElement.getElementsByTagName('Hdr')[0];
  if (!header) return undefined;
  return { header: attributes(header), body: attributes(doc.documentElement.getElementsByTagName('Bdy')[0]) };
}

/** XML attribute value escaping (XML 1.0 §2.4 and §3.3.3): user text never becomes markup. */
export const escapeXml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const attributeList = (values: Readonly<Record<string, string>>): string =>
  Object.entries(values)
    .filter(([name]) => /^[A-Za-z][A-Za-z0-9]*$/.test(name))
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join(' ');

/** Builds `<Msg><Hdr …/><Bdy …/></Msg>`, every value escaped. */
export function buildRcMessage(header: Readonly<Record<string, string>>, body: Readonly<Record<string, string>>): string {
  return `<Msg><Hdr ${attributeList(header)}/><Bdy ${attributeList(body)}/></Msg>`;
}
