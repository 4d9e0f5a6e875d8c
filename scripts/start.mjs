// `npm start`: a local phone system (the project's Kamailio, the RingCentral emulator, the
// reference token server) and the demo pages, on 127.0.0.1 only. Ctrl-C stops all of it.
//
// It runs in the normal network namespace on purpose: the browser is the user's own. Calls
// between the demo phones use no STUN/TURN server (ICE servers are empty), so only host
// candidates are offered.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemo } from './demo-server.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '8080' } } });
const port = Number(values.port);

let demo;
try {
  demo = await startDemo({ port, logLevel: 'info' });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Could not start the demo: ${message}`);
  if (/EADDRINUSE|already in use/i.test(message)) console.error(`Port ${port} is taken: try \`npm start -- --port 0\` (any free port).`);
  process.exit(1);
}

console.log(`
rc-phone-kit demo: ${demo.url}/demo/
  two phones, alice and bob, that call each other     ${demo.url}/demo/
  sign in through the (emulated) RingCentral PKCE flow ${demo.url}/demo/ringcentral.html
  credentials from your app server (token endpoint)   ${demo.url}/demo/token.html
  framework examples                                   ${demo.url}/examples/html/  /examples/react/  /examples/vue/
Kamailio: ${demo.kamailio.url}   RingCentral emulator: ${demo.ringcentral.url}
Press Ctrl-C to stop.`);
// The plain HTML example loads the CDN file, as a page on a CDN would.
if (!existsSync(fileURLToPath(new URL('../dist/cdn/rc-phone-kit.min.js', import.meta.url)))) {
  console.log('(The plain HTML example needs the CDN build: run `npm run build` once.)');
}

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo …`);
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
