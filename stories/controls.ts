/**
 * Controls for an element's CSS custom properties, read from custom-elements.json (the
 * same JSDoc `@cssproperty` lines the docs tables show). Empty means "not set": the
 * element's default applies.
 */
import type { ArgTypes } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';

interface CssProperty {
  readonly name: string;
  readonly description?: string;
}

function cssProperties(tag: string): readonly CssProperty[] {
  for (const module of manifest.modules) {
    for (const declaration of (module.declarations ?? []) as { tagName?: string; cssProperties?: CssProperty[] }[]) {
      if (declaration.tagName === tag) return declaration.cssProperties ?? [];
    }
  }
  return [];
}

/** argTypes (a colour picker for colours, text otherwise) and empty args for `tag`'s custom properties. */
export function cssControls(tag: string): { argTypes: Partial<ArgTypes>; args: Record<string, string> } {
  const argTypes: Partial<ArgTypes> = {};
  const args: Record<string, string> = {};
  for (const { name, description } of cssProperties(tag)) {
    argTypes[name] = { control: /color|background|accent/.test(name) ? 'color' : 'text', description, table: { category: 'css custom properties' } };
    args[name] = '';
  }
  return { argTypes, args };
}

/** The `style` text that sets the custom properties given in `args` (unset ones are left out). */
export function cssStyle(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([name, value]) => name.startsWith('--') && typeof value === 'string' && value.trim() !== '')
    .map(([name, value]) => `${name}: ${String(value).replace(/[;{}]/g, '')}`)
    .join('; ');
}
