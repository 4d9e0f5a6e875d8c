import { expect } from '@open-wc/testing';
import { TOKENS, type Theme } from './tokens.js';

/** The custom properties a theme file sets in its first rule. */
async function declared(file: string): Promise<Record<string, string>> {
  const css = await (await fetch(new URL(file, import.meta.url))).text();
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  const rule = sheet.cssRules[0] as CSSStyleRule;
  const out: Record<string, string> = {};
  for (const name of Array.from(rule.style)) out[name] = rule.style.getPropertyValue(name).trim();
  return out;
}

const expected = (theme: Theme): Record<string, string> => Object.fromEntries(Object.entries(TOKENS).map(([name, value]) => [`--rc-${name}`, value[theme]]));

describe('themes', () => {
  it('light.css and dark.css carry exactly the tokens of tokens.ts', async () => {
    expect(await declared('./light.css')).to.deep.equal(expected('light'));
    expect(await declared('./dark.css')).to.deep.equal(expected('dark'));
  });

  it('dark.css follows prefers-color-scheme unless the page pins light', async () => {
    const css = await (await fetch(new URL('./dark.css', import.meta.url))).text();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    const media = [...sheet.cssRules].find((rule): rule is CSSMediaRule => rule instanceof CSSMediaRule)!;
    expect(media.conditionText).to.equal('(prefers-color-scheme: dark)');
    expect((media.cssRules[0] as CSSStyleRule).selectorText).to.equal(':root:not([theme="light"])');
  });
});
