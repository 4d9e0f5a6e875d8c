/**
 * The kit's languages (@lit/localize, runtime mode). English is built in; other locales
 * are fetched when chosen. `setLocale('de')` re-renders every kit element.
 *
 * @lit/localize allows one configuration per page. An app that localizes its own Lit
 * elements with it should call its own `configureLocalization` and, in its `loadLocale`,
 * merge the kit's templates: `{ templates: { ...(await loadKitLocale(locale)), ...own } }`.
 */
import { configureLocalization, LOCALE_STATUS_EVENT } from '@lit/localize';
import { allLocales, sourceLocale, targetLocales } from './locale-codes.js';

export { allLocales, sourceLocale, targetLocales, LOCALE_STATUS_EVENT };

type TargetLocale = (typeof targetLocales)[number];
type Templates = Awaited<ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>>;

const loaders: Record<TargetLocale, () => Promise<Templates>> = {
  de: () => import('./locales/de.js'),
};

/** The kit's translations for `locale` (for apps that configure @lit/localize themselves). */
export async function loadKitLocale(locale: TargetLocale): Promise<Templates['templates']> {
  return (await loaders[locale]()).templates;
}

let runtime: ReturnType<typeof configureLocalization> | undefined;

function localization(): ReturnType<typeof configureLocalization> {
  runtime ??= configureLocalization({ sourceLocale, targetLocales, loadLocale: (locale) => loaders[locale as TargetLocale]() });
  return runtime;
}

/** The supported locale closest to a BCP 47 tag: 'de-AT' → 'de'; unknown → 'en'. */
export function matchLocale(tag: string): string {
  const wanted = tag.toLowerCase();
  const exact = allLocales.find((locale) => locale.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split('-')[0];
  return allLocales.find((locale) => locale.toLowerCase() === language) ?? sourceLocale;
}

/** Switches every kit element to `locale` (a BCP 47 tag; the closest supported one is used). */
export async function setLocale(locale: string): Promise<void> {
  await localization().setLocale(matchLocale(locale));
}

/** The active locale ('en' until `setLocale` is called). */
export function getLocale(): string {
  return runtime ? runtime.getLocale() : sourceLocale;
}
