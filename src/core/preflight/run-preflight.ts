import type { PreflightOptions, PreflightReport } from './preflight.js';

/**
 * Tests this computer and network before the first call (docs/quality.md). The checks are a
 * chunk of their own, loaded on first use: most pages never run them. Resolves with the report;
 * rejects only when that chunk cannot be loaded.
 */
export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const checks = await import('./preflight.js');
  return checks.runPreflight(options);
}
