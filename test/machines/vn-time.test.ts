import { expect } from 'chai';
import { formatVnDate, formatVnDateTime, formatVnInstant, vnDayKey, vnDayStartMs } from '../../machines/rules/vn-time';

// Every date a customer or agent reads, every ticket-code day and every report day comes from
// these, so they are checked at the edges of the Vietnamese day (UTC 17:00).
describe('Vietnam time', () => {
  const cases: [string, string, string, string][] = [
    ['2026-11-30T16:59:59Z', '23:59 30/11/2026', '2026-11-30', '2026-11-30T23:59:59+07:00'],
    ['2026-11-30T17:00:00Z', '00:00 01/12/2026', '2026-12-01', '2026-12-01T00:00:00+07:00'],
    ['2026-12-31T17:30:00.250Z', '00:30 01/01/2027', '2027-01-01', '2027-01-01T00:30:00.250+07:00'],
    ['2028-02-28T20:05:00Z', '03:05 29/02/2028', '2028-02-29', '2028-02-29T03:05:00+07:00'],
  ];
  for (const [utc, shown, day, iso] of cases) {
    it(`reads ${utc} as ${shown} in Vietnam`, () => {
      const ms = Date.parse(utc);
      expect(formatVnDateTime(ms)).to.equal(shown);
      expect(formatVnDate(ms)).to.equal(shown.slice(6));
      expect(vnDayKey(ms)).to.equal(day);
      expect(formatVnInstant(ms)).to.equal(iso);
    });
  }

  it('starts a Vietnamese day at 17:00 UTC the day before, and refuses a malformed day', () => {
    expect(new Date(vnDayStartMs('2026-12-01')).toISOString()).to.equal('2026-11-30T17:00:00.000Z');
    expect(() => vnDayStartMs('1/12/2026')).to.throw(RangeError);
  });
});
