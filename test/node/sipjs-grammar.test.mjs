// @ts-check
// The sip.js parser fix (scripts/sipjs-grammar.mjs) must parse exactly as sip.js does.
// Run: node --test test/node/sipjs-grammar.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { hoistBytecode } from '../../scripts/sipjs-grammar.mjs';

const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve('sip.js/package.json')), 'lib', 'grammar');
const original = readFileSync(join(lib, 'pegjs', 'dist', 'grammar.js'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'sipjs-grammar-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The transformed module, importing the same sip.js classes as the original. */
async function loadHoisted() {
  const hoisted = hoistBytecode(original);
  assert.ok(hoisted, 'the sip.js 0.21 grammar is recognised');
  const file = join(dir, 'grammar.mjs');
  const absolute = hoisted.replace(/from "\.\.\/\.\.\/([a-z-]+\.js)"/g, (_, name) => `from ${JSON.stringify(pathToFileURL(join(lib, name)).href)}`);
  writeFileSync(file, absolute);
  return import(pathToFileURL(file).href);
}

/** [input, start rule]: what sip.js parses on a call, plus malformed input. */
const CASES = [
  ['SIP/2.0 200 OK', 'Request_Response'],
  ['INVITE sip:bob@127.0.0.1;alias=127.0.0.1~50000~5 SIP/2.0', 'Request_Response'],
  ['SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport=50000;received=127.0.0.1', 'Via'],
  ['"Alice" <sip:alice@127.0.0.1>;tag=1928301774', 'From'],
  ['<sip:bob@127.0.0.1>', 'To'],
  ['<sip:k0qj@df7jal23ls0d.invalid;transport=ws;ob>;expires=600;reg-id=1;+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000000>"', 'Contact'],
  ['<sip:127.0.0.1:5060;transport=ws;r2=on;lr>,<sip:127.0.0.1;r2=on;lr>', 'Record_Route'],
  ['314159 INVITE', 'CSeq'],
  ['a84b4c76e66710@pc33.atlanta.com', 'Call_ID'],
  ['70', 'Max_Forwards'],
  ['142', 'Content_Length'],
  ['application/sdp', 'Content_Type'],
  ['Digest realm="127.0.0.1", nonce="abc", qop="auth", algorithm=MD5', 'WWW_Authenticate'],
  ['sip:bob@example.com', 'SIP_URI'],
  ['00000000-0000-4000-8000-000000000000', 'uuid'],
  ['<sip:carol@example.com?Replaces=call%40x%3Bto-tag%3Da%3Bfrom-tag%3Db>', 'Refer_To'],
  ['not a sip uri', 'SIP_URI'],
  ['<sip:broken', 'Contact'],
];

/** Parses like sip.js's Grammar.parse: the data, or -1 when the input does not parse. */
function parse(grammar, input, startRule) {
  const options = { startRule };
  try {
    grammar.parse(input, options);
  } catch {
    return -1;
  }
  return /** @type {{ data?: unknown }} */ (options).data;
}

describe('sip.js parser fix (bytecode decoded once)', () => {
  it('moves the bytecode table out of peg$parse, and nothing else', () => {
    const hoisted = hoistBytecode(original);
    assert.ok(hoisted);
    const parseBody = hoisted.slice(hoisted.indexOf('function peg$parse('));
    assert.equal(parseBody.includes('const peg$bytecode = ['), false);
    assert.ok(hoisted.indexOf('const peg$bytecode = [') < hoisted.indexOf('function peg$parse('));
    // The same lines, moved: undo the helper's name and drop its definition.
    const lines = (code) =>
      code
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .sort();
    const helper = 'function peg$decodeOnce(s) {\n    return s.split("").map((ch) => ch.charCodeAt(0) - 32);\n}\n';
    assert.deepEqual(lines(hoisted.replace(helper, '').replace(/peg\$decodeOnce\(/g, 'peg$decode(')), lines(original));
  });

  it('leaves a file it does not recognise alone', () => {
    assert.equal(hoistBytecode('export function parse() {}'), undefined);
    assert.equal(hoistBytecode(original.replace('const peg$bytecode = [', 'const peg$table = [')), undefined);
  });

  it('parses every case exactly as sip.js does', async () => {
    const grammar = await import(pathToFileURL(join(lib, 'pegjs', 'dist', 'grammar.js')).href);
    const hoisted = await loadHoisted();
    for (const [input, rule] of CASES) {
      const expected = parse(grammar, input, rule);
      const actual = parse(hoisted, input, rule);
      assert.deepEqual(actual, expected, `${rule}: ${input}`);
      if (!input.startsWith('not') && !input.endsWith('broken')) assert.notEqual(expected, -1, `${rule} parses: ${input}`);
    }
  });

  it('gives every parse its own objects, as before', async () => {
    const hoisted = await loadHoisted();
    const a = parse(hoisted, '"Alice" <sip:alice@127.0.0.1>;tag=1', 'From');
    const b = parse(hoisted, '"Alice" <sip:alice@127.0.0.1>;tag=1', 'From');
    assert.notEqual(a, b);
    assert.deepEqual(a, b);
  });
});
