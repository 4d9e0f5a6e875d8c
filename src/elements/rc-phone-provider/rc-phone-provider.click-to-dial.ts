import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A link the phone can call: `tel:` (RFC 3966) or `sip:`/`sips:` (RFC 3261 §19.1). */
const DIAL_LINK = /^(tel|sips?):/i;
/** RFC 3966 §3 visual separators, which are not part of the number. */
const VISUAL_SEPARATORS = /[-.()\s]/g;

interface ClickToDialHost extends ReactiveControllerHost, HTMLElement {
  readonly clickToDial: boolean;
}

/**
 * `click-to-dial`: turns the activation of a `tel:` or `sip:` link anywhere in the page — a
 * click, or Enter on the focused link, which browsers deliver as a click — into a call.
 * It listens on the document in the bubbling phase, so a page handler that called
 * `preventDefault()` keeps the link for itself; clicks with a modifier key or another
 * button, and links inside editable content (an editor's links are text being edited),
 * keep the browser's behaviour.
 */
export class ClickToDial implements ReactiveController {
  constructor(
    private readonly host: ClickToDialHost,
    /** Places the call to `target` for the link `href`. */
    private readonly dial: (target: string, href: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('click', this.onClick);
  }

  hostDisconnected(): void {
    document.removeEventListener('click', this.onClick);
  }

  private readonly onClick = (event: MouseEvent): void => {
    if (!this.host.clickToDial || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    // composedPath: links inside other components' shadow roots count too.
    const link = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    const href = link?.getAttribute('href')?.trim() ?? '';
    if (!link || !DIAL_LINK.test(href) || link.isContentEditable || document.designMode === 'on') return;
    const target = linkTarget(href);
    if (!target) return;
    event.preventDefault();
    this.dial(target, href);
  };
}

/**
 * What a dial link calls: a `tel:` number without its separators and parameters
 * (`;ext=`, `;phone-context=`, RFC 3966 §3), or a `sip:` URI without its `?headers`
 * (RFC 3261 §19.1.1: a link must not choose our INVITE's headers) and parameters.
 */
export function linkTarget(href: string): string {
  const colon = href.indexOf(':');
  const scheme = href.slice(0, colon).toLowerCase();
  let rest: string;
  try {
    rest = decodeURIComponent(href.slice(colon + 1).split(/[;?]/, 1)[0] ?? '');
  } catch {
    return '';
  }
  if (scheme === 'tel') return rest.replace(VISUAL_SEPARATORS, '');
  return rest ? `${scheme}:${rest.replace(/^\/\//, '')}` : '';
}
