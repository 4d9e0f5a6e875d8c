/**
 * Contrast in `npm test`: every screen of test/screens/scenes.ts (what `npm run screenshots`
 * photographs), in the light and the dark theme, and with the mouse on or the keyboard focus
 * in the controls that change look (FORCED), checked by axe for WCAG 2.2 AA including
 * `color-contrast`. A token made low-contrast fails here, not only in the screenshots run.
 */
import { expect } from '@open-wc/testing';
import { emulateMedia, sendMouse } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
// Registers `window.axe` (as @open-wc/testing's chai-a11y-axe loads it).
import 'axe-core/axe.min.js';
import '../../src/define.js';
import { AXE_TAGS, FORCED, SCENE_NAMES, deepQuery, renderScene } from './scenes.js';

declare global {
  interface Window {
    axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

/** axe's violations in `section`, one line each: rule, then the nodes. */
async function violations(section: HTMLElement): Promise<string[]> {
  const results = await window.axe.run(section, { runOnly: { type: 'tag', values: AXE_TAGS } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('contrast and accessibility of every screen (axe, WCAG 2.2 AA with color-contrast)', function () {
  // About 90 axe runs.
  this.timeout(120_000);

  after(() => emulateMedia({ colorScheme: 'light' }));

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: every scene, hovered and focused controls included`, async () => {
      // No reduced motion needed (the Firefox rig cannot emulate it): no style animates a color.
      await emulateMedia({ colorScheme: theme });
      const problems: string[] = [];
      for (const name of SCENE_NAMES) {
        problems.push(...(await violations(await renderScene(name, theme))).map((v) => `${name}: ${v}`));
        for (const [state, how, selector] of FORCED[name] ?? []) {
          const section = await renderScene(name, theme);
          const target = deepQuery(section, selector);
          if (!target) throw new Error(`${name}-${state}: nothing matches ${selector}`);
          if (how === 'focus') target.focus({ focusVisible: true } as FocusOptions);
          else {
            const rect = target.getBoundingClientRect();
            await sendMouse({ type: 'move', position: [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)] });
          }
          // The hover or focus style applies with the next frame.
          await new Promise((resolve) => requestAnimationFrame(resolve));
          problems.push(...(await violations(section)).map((v) => `${name}-${state}: ${v}`));
          await sendMouse({ type: 'move', position: [0, 0] });
        }
      }
      expect(problems).to.deep.equal([]);
    });
  }
});
