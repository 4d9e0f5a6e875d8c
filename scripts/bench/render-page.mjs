// The first-render page: imports the minified all-elements file, puts one of every element
// inside an (unconfigured) `<rc-phone-provider>`, and times import → defined → rendered →
// next frame. The result is left on `window.renderResult` for the driver.
import { page } from './server.mjs';

export function renderPage(tags, bundleUrl) {
  const script = `<script type="module">
const tags = ${JSON.stringify(tags)};
const start = performance.now();
const result = { missing: [], errors: [] };
try {
  await import(${JSON.stringify(bundleUrl)});
  result.defined = performance.now() - start;
  result.missing = tags.filter((tag) => !customElements.get(tag));
  const provider = document.createElement('rc-phone-provider');
  const children = tags.filter((tag) => tag !== 'rc-phone-provider').map((tag) => document.createElement(tag));
  provider.append(...children);
  document.body.append(provider);
  await Promise.all([provider, ...children].map((el) => el.updateComplete));
  result.rendered = performance.now() - start;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  result.painted = performance.now() - start;
} catch (error) {
  result.errors.push(String(error));
}
window.renderResult = result;
</script>`;
  return page('rc-phone-kit first render', script);
}
