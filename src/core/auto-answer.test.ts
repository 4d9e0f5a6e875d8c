import { expect } from '@open-wc/testing';
import { autoAnswerRequest } from './auto-answer.js';

const request = (headers: Record<string, string>) => autoAnswerRequest((name) => headers[name]);

describe('autoAnswerRequest', () => {
  it('reads Call-Info answer-after, intercom Alert-Info and Answer-Mode: Auto', () => {
    expect(request({ 'Call-Info': '<sip:pbx.example.com>;answer-after=3' })).to.deep.equal({ after: 3, header: 'Call-Info' });
    expect(request({ 'Call-Info': '<http://x/photo.png>;purpose=icon, <sip:pbx>;Answer-After="0"' })).to.deep.equal({ after: 0, header: 'Call-Info' });
    expect(request({ 'Alert-Info': '<http://www.notused.com>;info=alert-autoanswer;delay=2' })).to.deep.equal({ after: 2, header: 'Alert-Info' });
    expect(request({ 'Alert-Info': '<sip:x>;info=alert-intercom' })).to.deep.equal({ after: 0, header: 'Alert-Info' });
    expect(request({ 'Alert-Info': 'Intercom' })).to.deep.equal({ after: 0, header: 'Alert-Info' });
    expect(request({ 'Answer-Mode': 'Auto;require' })).to.deep.equal({ after: 0, header: 'Answer-Mode' });
  });

  it('ignores calls that do not ask, and values a caller made up', () => {
    expect(request({})).to.equal(undefined);
    expect(request({ 'Call-Info': '<http://x/photo.png>;purpose=icon' })).to.equal(undefined);
    expect(request({ 'Alert-Info': '<http://x/Bellcore-dr2>' })).to.equal(undefined);
    expect(request({ 'Answer-Mode': 'Manual' })).to.equal(undefined);
    // Negative, fractional, huge or unbounded delays are not intercom requests.
    expect(request({ 'Call-Info': '<sip:x>;answer-after=-1' })).to.equal(undefined);
    expect(request({ 'Call-Info': '<sip:x>;answer-after=1.5' })).to.equal(undefined);
    expect(request({ 'Call-Info': '<sip:x>;answer-after=99999999999999999999' })).to.equal(undefined);
    expect(request({ 'Call-Info': '<sip:x>;answer-after=3601' })).to.equal(undefined);
    expect(request({ 'Alert-Info': '<sip:x>;info=alert-autoanswer;delay=99999' })).to.equal(undefined);
  });
});
