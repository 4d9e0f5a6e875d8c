/**
 * The kit's design tokens: one table, read by the elements (built-in defaults, so they look
 * right with no stylesheet at all) and mirrored by `light.css` / `dark.css` (the global
 * `--rc-*` custom properties apps load or override). `themes.test.ts` keeps the two in step.
 *
 * Colours are chosen for WCAG 2.1 AA: text ≥ 4.5:1 on its surface, "on-*" colours ≥ 4.5:1
 * on their fill.
 */
export interface TokenValue {
  readonly light: string;
  readonly dark: string;
}

/** Token name (without the `--rc-` prefix) → value per theme. */
export const TOKENS = {
  'color-scheme': { light: 'light', dark: 'dark' },
  'color-surface': { light: '#ffffff', dark: '#1f2023' },
  'color-surface-raised': { light: '#f1f3f4', dark: '#2d2f33' },
  'color-surface-hover': { light: '#e2e5e8', dark: '#3b3e43' },
  'color-on-surface': { light: '#1f2023', dark: '#eceef0' },
  'color-on-surface-muted': { light: '#545a60', dark: '#b4bac0' },
  'color-border': { light: '#767c82', dark: '#8d949b' },
  'color-primary': { light: '#1a5fb4', dark: '#8ab4f8' },
  'color-on-primary': { light: '#ffffff', dark: '#0b1d3a' },
  'color-success': { light: '#1b7a3a', dark: '#81c995' },
  'color-on-success': { light: '#ffffff', dark: '#0d2b17' },
  'color-danger': { light: '#c42b1c', dark: '#f28b82' },
  'color-on-danger': { light: '#ffffff', dark: '#3b0a07' },
  'color-warning': { light: '#8a5300', dark: '#f5c26b' },
  'color-focus-ring': { light: '#1a5fb4', dark: '#8ab4f8' },
  'font-family': { light: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", dark: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
  'font-size': { light: '1rem', dark: '1rem' },
  'font-size-small': { light: '0.875rem', dark: '0.875rem' },
  'font-size-large': { light: '1.5rem', dark: '1.5rem' },
  radius: { light: '0.5rem', dark: '0.5rem' },
  'size-control': { light: '3rem', dark: '3rem' },
  space: { light: '0.5rem', dark: '0.5rem' },
  shadow: { light: '0 1px 3px rgb(0 0 0 / 0.2)', dark: '0 1px 3px rgb(0 0 0 / 0.6)' },
} as const satisfies Readonly<Record<string, TokenValue>>;

export type TokenName = keyof typeof TOKENS;
export type Theme = keyof TokenValue;

const names = Object.keys(TOKENS) as TokenName[];

/** `--rc-x: value;` for every token: the body of a theme rule. */
export function tokenDeclarations(theme: Theme, indent = '  '): string {
  return names.map((name) => `${indent}--rc-${name}: ${TOKENS[name][theme]};`).join('\n');
}

/**
 * `--_x: var(--rc-x, value);` for every token: what elements read. The global token wins
 * when the page sets it; otherwise the built-in value of `theme` applies.
 */
export function privateTokens(theme: Theme): string {
  return names.map((name) => `--_${name}: var(--rc-${name}, ${TOKENS[name][theme]});`).join('\n');
}
