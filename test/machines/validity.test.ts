import { expect } from 'chai';
import { addCalendarMonth, addCalendarMonths, dayNeedsHour, isWithinComplaintWindow } from '../../machines/rules/validity';

describe('Article 3 validity (rules/validity)', () => {
  describe('addCalendarMonth', () => {
    it('keeps the local day and time', () => {
      expect(addCalendarMonth('2026-03-01T12:30:00+07:00')).to.equal('2026-04-01T12:30:00+07:00');
    });

    it('clamps 31 January to the end of February', () => {
      expect(addCalendarMonth('2026-01-31T08:00:00+07:00')).to.equal('2026-02-28T08:00:00+07:00');
      expect(addCalendarMonth('2028-01-31T08:00:00+07:00')).to.equal('2028-02-29T08:00:00+07:00');
      expect(addCalendarMonth('2026-03-31T23:59:00+07:00')).to.equal('2026-04-30T23:59:00+07:00');
    });

    it('rolls December into the next year', () => {
      expect(addCalendarMonth('2026-12-15T09:00:00+07:00')).to.equal('2027-01-15T09:00:00+07:00');
    });

    it('counts the month on the Vietnamese calendar, not UTC', () => {
      // 31 Jan 20:00 UTC is already 1 Feb 03:00 in Hà Nội: the month runs to 1 Mar, not to 28 Feb.
      expect(addCalendarMonth('2026-01-31T20:00:00Z')).to.equal('2026-03-01T03:00:00+07:00');
      // 31 Mar 23:30 in Hà Nội is still 31 Mar locally although UTC says 31 Mar 16:30.
      expect(addCalendarMonth('2026-03-31T16:30:00Z')).to.equal('2026-04-30T23:30:00+07:00');
    });

    it('refuses a time without an offset (it would depend on the server zone)', () => {
      expect(() => addCalendarMonth('2026-03-01T12:30:00')).to.throw(RangeError);
      expect(() => addCalendarMonth('yesterday')).to.throw(RangeError);
    });
  });

  describe('isWithinComplaintWindow', () => {
    const tx = '2026-10-25T10:00:00+07:00';

    it('accepts a complaint exactly one month later', () => {
      expect(isWithinComplaintWindow(tx, '2026-11-25T10:00:00+07:00')).to.equal(true);
    });

    it('refuses one month and one minute later', () => {
      expect(isWithinComplaintWindow(tx, '2026-11-25T10:01:00+07:00')).to.equal(false);
    });

    it('accepts a complaint the same day', () => {
      expect(isWithinComplaintWindow(tx, '2026-10-25T18:00:00+07:00')).to.equal(true);
    });

    it('compares instants whatever offset each side is written in', () => {
      expect(isWithinComplaintWindow(tx, '2026-11-25T03:00:00Z')).to.equal(true);
      expect(isWithinComplaintWindow(tx, '2026-11-25T03:00:01Z')).to.equal(false);
    });

    it('uses the end-of-month clamp for a 31 January transaction', () => {
      const jan31 = '2026-01-31T09:00:00+07:00';
      expect(isWithinComplaintWindow(jan31, '2026-02-28T09:00:00+07:00')).to.equal(true);
      expect(isWithinComplaintWindow(jan31, '2026-02-28T09:01:00+07:00')).to.equal(false);
    });
  });

  describe('addCalendarMonths (the time parser\'s "tháng trước" uses the same month)', () => {
    it('goes back and forth across years, clamping the day', () => {
      expect(addCalendarMonths('2026-03-31T10:00:00+07:00', -1)).to.equal('2026-02-28T10:00:00+07:00');
      expect(addCalendarMonths('2026-01-15T10:00:00+07:00', -2)).to.equal('2025-11-15T10:00:00+07:00');
      expect(addCalendarMonths('2026-11-30T10:00:00+07:00', 3)).to.equal('2027-02-28T10:00:00+07:00');
      expect(addCalendarMonths('2026-11-30T10:00:00+07:00', 0)).to.equal('2026-11-30T10:00:00+07:00');
    });

    it('refuses a fraction of a month', () => {
      expect(() => addCalendarMonths('2026-11-30T10:00:00+07:00', 0.5)).to.throw(RangeError);
    });
  });

  describe('dayNeedsHour: a day given without its hour', () => {
    const complaintAt = '2026-11-25T10:00:00+07:00';

    it('needs the hour only on the day the window closes (Vietnam time, whatever instant of the day is given)', () => {
      // The window of a 25/10 top-up closes on 25/11 at the same hour: 09:00 on 25/10 is in time, 11:00 is not.
      expect(dayNeedsHour('2026-10-25T12:00:00+07:00', complaintAt)).to.equal(true);
      expect(dayNeedsHour('2026-10-25T00:00:00+07:00', complaintAt)).to.equal(true);
      expect(dayNeedsHour('2026-10-24T17:30:00Z', complaintAt)).to.equal(true); // 00:30 on 25/10 in Hà Nội
    });

    it('does not need it when the whole day is in time or the whole day is too old', () => {
      expect(dayNeedsHour('2026-10-26T12:00:00+07:00', complaintAt)).to.equal(false);
      expect(dayNeedsHour('2026-10-24T12:00:00+07:00', complaintAt)).to.equal(false);
      expect(dayNeedsHour('2026-10-24T16:59:00Z', complaintAt)).to.equal(false); // 23:59 on 24/10 in Hà Nội
    });

    it('agrees with isWithinComplaintWindow at both ends of the day', () => {
      expect(isWithinComplaintWindow('2026-10-25T00:00:00+07:00', complaintAt)).to.equal(false);
      expect(isWithinComplaintWindow('2026-10-25T23:59:59+07:00', complaintAt)).to.equal(true);
    });
  });
});
