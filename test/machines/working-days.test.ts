import { expect } from 'chai';
import { addWorkingDays } from '../../machines/rules/working-days';
import holidaysJson from '../../config/holidays.json';
import procedureJson from '../../config/procedure.json';
import { loadProcedureConfig } from '../../machines/complaint/config';

const plain = { holidays: [], weekendDays: [0, 6] };
const official = loadProcedureConfig(procedureJson, holidaysJson);

describe('working days (rules/working-days)', () => {
  it('adds weekdays at the same local time', () => {
    // Wednesday → Thursday, Friday, Monday.
    expect(addWorkingDays('2026-11-25T10:00:00+07:00', 3, plain)).to.equal('2026-11-30T10:00:00+07:00');
  });

  it('does not count the starting day, even a weekend day', () => {
    expect(addWorkingDays('2026-11-28T15:00:00+07:00', 1, plain)).to.equal('2026-11-30T15:00:00+07:00');
    expect(addWorkingDays('2026-11-28T15:00:00+07:00', 3, plain)).to.equal('2026-12-02T15:00:00+07:00');
  });

  it('answers in +07:00 whatever offset it was given', () => {
    // 20:00 UTC Tuesday is 03:00 Wednesday in Hà Nội.
    expect(addWorkingDays('2026-11-24T20:00:00Z', 1, plain)).to.equal('2026-11-26T03:00:00+07:00');
  });

  it('skips Tết 2026 (break 14–22 Feb in config/holidays.json)', () => {
    // Friday 13 Feb: next working days are Mon 23, Tue 24, Wed 25 Feb.
    expect(addWorkingDays('2026-02-13T10:00:00+07:00', 3, official)).to.equal('2026-02-25T10:00:00+07:00');
    // From the first day of the lunar year itself (17 Feb).
    expect(addWorkingDays('2026-02-17T08:00:00+07:00', 1, official)).to.equal('2026-02-23T08:00:00+07:00');
    // The day before the break: Thursday 12 Feb → Fri 13, Mon 23, Tue 24.
    expect(addWorkingDays('2026-02-12T09:00:00+07:00', 3, official)).to.equal('2026-02-24T09:00:00+07:00');
  });

  it('skips a holiday Monday after a Friday (Hùng Kings nghỉ bù 27 Apr 2026, then 30 Apr and 1 May)', () => {
    // Fri 24 Apr → (Mon 27 holiday) Tue 28, Wed 29, (Thu 30, Fri 1 holidays) Mon 4 May.
    expect(addWorkingDays('2026-04-24T16:45:00+07:00', 3, official)).to.equal('2026-05-04T16:45:00+07:00');
  });

  it('uses the configured week (Monday–Saturday)', () => {
    const sixDays = { holidays: [], weekendDays: [0] };
    expect(addWorkingDays('2026-11-27T10:00:00+07:00', 1, sixDays)).to.equal('2026-11-28T10:00:00+07:00');
  });

  it('keeps the start for zero days and rejects nonsense', () => {
    expect(addWorkingDays('2026-11-25T10:00:00+07:00', 0, plain)).to.equal('2026-11-25T10:00:00+07:00');
    expect(() => addWorkingDays('2026-11-25T10:00:00+07:00', -1, plain)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-11-25T10:00:00+07:00', 1.5, plain)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-11-25T10:00:00+07:00', 1, { holidays: [], weekendDays: [0, 1, 2, 3, 4, 5, 6] })).to.throw(
      RangeError,
    );
  });
});
