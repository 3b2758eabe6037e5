import { expect } from 'chai';
import { addWorkingDays, addWorkingMinutes, isWorkingTime, nextOpening, type BusinessCalendar } from '../../machines/rules/business-calendar';
import holidaysJson from '../../config/holidays.json';
import procedureJson from '../../config/procedure.json';
import hoursJson from '../../config/business-hours.json';
import { loadProcedureConfig } from '../../machines/complaint/config';
import { TEST_CALENDAR } from './fixtures';

const plain: BusinessCalendar = { ...TEST_CALENDAR, holidays: [] };
const official = loadProcedureConfig(procedureJson, holidaysJson, hoursJson).calendar;

describe('business calendar (rules/business-calendar)', () => {
  describe('3 working days, to the close of the last one', () => {
    it('adds weekdays and ends at the last shift of the day', () => {
      // Wednesday → Thursday, Friday, Monday 17:30 (never "02:55" — the time of the complaint).
      expect(addWorkingDays('2026-11-25T02:55:00+07:00', 3, plain)).to.equal('2026-11-30T17:30:00+07:00');
    });

    it('does not count the starting day, even a weekend day', () => {
      expect(addWorkingDays('2026-11-28T15:00:00+07:00', 1, plain)).to.equal('2026-11-30T17:30:00+07:00');
      expect(addWorkingDays('2026-11-28T15:00:00+07:00', 3, plain)).to.equal('2026-12-02T17:30:00+07:00');
    });

    it('reads any offset on the Hà Nội clock', () => {
      // 20:00 UTC Tuesday is 03:00 Wednesday in Hà Nội.
      expect(addWorkingDays('2026-11-24T20:00:00Z', 1, plain)).to.equal('2026-11-26T17:30:00+07:00');
    });

    it('skips Tết 2026 (14–22 Feb in config/holidays.json)', () => {
      // Friday 13 Feb: next working days are Mon 23, Tue 24, Wed 25 Feb.
      expect(addWorkingDays('2026-02-13T10:00:00+07:00', 3, official)).to.equal('2026-02-25T17:30:00+07:00');
      expect(addWorkingDays('2026-02-17T08:00:00+07:00', 1, official)).to.equal('2026-02-23T17:30:00+07:00');
    });

    it('a handoff at 17:59 Friday before a holiday Monday (27 Apr 2026, then 30 Apr and 1 May)', () => {
      // Fri 24 Apr → (Mon 27 holiday) Tue 28, Wed 29, (Thu 30, Fri 1 holidays) Mon 4 May.
      expect(addWorkingDays('2026-04-24T17:59:00+07:00', 3, official)).to.equal('2026-05-04T17:30:00+07:00');
      expect(addWorkingMinutes('2026-04-24T17:59:00+07:00', 15, official)).to.equal('2026-04-28T08:15:00+07:00');
      expect(nextOpening('2026-04-24T17:59:00+07:00', official)).to.equal('2026-04-28T08:00:00+07:00');
      expect(isWorkingTime('2026-04-24T17:29:00+07:00', official)).to.equal(true);
      expect(isWorkingTime('2026-04-24T17:30:00+07:00', official)).to.equal(false);
    });

    it('counts a Tết make-up Saturday and skips an office closure (config/business-hours.json)', () => {
      // Thursday 28 Jan 2027 → Fri 29, Sat 30 (make-up day), Mon 1 Feb.
      expect(addWorkingDays('2027-01-28T10:00:00+07:00', 3, official)).to.equal('2027-02-01T17:30:00+07:00');
      expect(nextOpening('2027-01-29T18:00:00+07:00', official)).to.equal('2027-01-30T08:00:00+07:00');
      // Wednesday 30 Dec 2026 → (Thu 31 closed, Fri 1 Jan holiday) Mon 4, Tue 5, Wed 6 Jan.
      expect(addWorkingDays('2026-12-30T10:00:00+07:00', 3, official)).to.equal('2027-01-06T17:30:00+07:00');
    });

    it('an exception wins over a holiday, and a closure over the week', () => {
      const cal: BusinessCalendar = {
        ...plain,
        holidays: ['2026-11-26'],
        exceptions: { '2026-11-26': [{ from: 9 * 60, to: 11 * 60 }], '2026-11-27': [] },
      };
      expect(addWorkingDays('2026-11-25T10:00:00+07:00', 1, cal)).to.equal('2026-11-26T11:00:00+07:00');
      expect(addWorkingDays('2026-11-25T10:00:00+07:00', 2, cal)).to.equal('2026-11-30T17:30:00+07:00');
    });

    it('rejects nonsense and a calendar without working days', () => {
      expect(() => addWorkingDays('2026-11-25T10:00:00+07:00', 0, plain)).to.throw(RangeError);
      expect(() => addWorkingDays('2026-11-25T10:00:00+07:00', 1.5, plain)).to.throw(RangeError);
      const closed: BusinessCalendar = { week: [[], [], [], [], [], [], []], holidays: [], exceptions: {} };
      expect(() => addWorkingDays('2026-11-25T10:00:00+07:00', 1, closed)).to.throw(RangeError);
      expect(() => addWorkingMinutes('2026-11-25T10:00:00+07:00', 15, closed)).to.throw(RangeError);
    });
  });

  describe('working minutes (first response)', () => {
    it('counts only shift time: across the lunch break, the night and the weekend', () => {
      expect(addWorkingMinutes('2026-11-25T10:00:00+07:00', 15, plain)).to.equal('2026-11-25T10:15:00+07:00');
      expect(addWorkingMinutes('2026-11-25T11:50:00+07:00', 15, plain)).to.equal('2026-11-25T13:35:00+07:00');
      expect(addWorkingMinutes('2026-11-25T12:30:00+07:00', 15, plain)).to.equal('2026-11-25T13:45:00+07:00');
      expect(addWorkingMinutes('2026-11-27T17:20:00+07:00', 15, plain)).to.equal('2026-11-30T08:05:00+07:00');
      expect(addWorkingMinutes('2026-11-25T02:55:00+07:00', 15, plain)).to.equal('2026-11-25T08:15:00+07:00');
    });

    it('during Tết the agents are back on the first working day after it', () => {
      expect(nextOpening('2026-02-16T09:00:00+07:00', official)).to.equal('2026-02-23T08:00:00+07:00');
      expect(addWorkingMinutes('2026-02-16T09:00:00+07:00', 15, official)).to.equal('2026-02-23T08:15:00+07:00');
    });
  });
});
