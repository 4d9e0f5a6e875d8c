import { expect, waitUntil } from '@open-wc/testing';
import { FakePhone, mountWithPhone, unmountPhones } from '../elements/testing.harness.js';
import { DialpadHarness } from '../elements/rc-dialpad/rc-dialpad.harness.js';
import '../elements/rc-dialpad/rc-dialpad.js';
import '../elements/rc-call-controls/rc-call-controls.js';
import { templates } from './locales/de.js';
import { allLocales, getLocale, matchLocale, setLocale } from './localization.js';

describe('localization', () => {
  afterEach(async () => {
    unmountPhones();
    await setLocale('en');
  });

  it('has a complete German translation: every message of the XLIFF has a target', async () => {
    const xliff = new DOMParser().parseFromString(await (await fetch(new URL('./xliff/de.xlf', import.meta.url))).text(), 'application/xml');
    const units = [...xliff.querySelectorAll('trans-unit')];
    expect(units.length).to.be.greaterThan(90);
    const untranslated = units.filter((unit) => !unit.querySelector('target')?.textContent?.trim()).map((unit) => unit.querySelector('source')?.textContent);
    expect(untranslated).to.deep.equal([]);
    // The built module holds exactly the translated messages.
    expect(Object.keys(templates).sort()).to.deep.equal(units.map((unit) => unit.getAttribute('id')).sort());
  });

  it('matches BCP 47 tags to a supported locale', () => {
    expect(allLocales).to.include.members(['en', 'de']);
    expect(matchLocale('de-AT')).to.equal('de');
    expect(matchLocale('DE')).to.equal('de');
    expect(matchLocale('fr-FR')).to.equal('en');
  });

  it('re-renders mounted elements in the chosen language', async () => {
    const el = document.createElement('rc-dialpad');
    await mountWithPhone(el, new FakePhone());
    const pad = new DialpadHarness(el);
    expect(pad.callButton!.textContent!.trim()).to.equal('Call');
    await setLocale('de-DE');
    expect(getLocale()).to.equal('de');
    await waitUntil(() => pad.callButton!.textContent!.trim() === 'Anrufen', 'the dialpad speaks German');
    expect(pad.key('#').getAttribute('aria-label')).to.equal('Raute');
    const controls = document.createElement('rc-call-controls');
    const phone = new FakePhone();
    phone.addCall({ startedAt: Date.now() - 3_000 });
    await mountWithPhone(controls, phone);
    expect(controls.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim()).to.equal('Verbunden');
    await expect(controls).to.be.accessible();
    await setLocale('en');
    await waitUntil(() => pad.callButton!.textContent!.trim() === 'Call');
  });
});
