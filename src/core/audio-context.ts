/**
 * Starting an AudioContext without hanging. Browsers keep a context `suspended` until the page
 * has had a user gesture (autoplay policy: HTML "sticky activation"), and `resume()` stays
 * pending meanwhile — in Chromium until the user clicks, however long that takes. What awaits
 * it (a ringtone, a ringback, a speaker test) would wait as long: the wait is bounded instead,
 * and the caller learns that the context did not start.
 */

/** How long a suspended context may take to start (ms): a loaded machine's sound device can take a second. */
export const RESUME_TIMEOUT = 2_000;

/** Resumes `context` if suspended, waiting at most `timeout` ms; resolves whether it runs. */
export async function resumeWithin(context: AudioContext, timeout = RESUME_TIMEOUT): Promise<boolean> {
  if (context.state === 'suspended') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)));
    await Promise.race([context.resume().catch(() => undefined), limit]);
    clearTimeout(timer);
  }
  return context.state === 'running';
}
