import { expect } from 'chai';
import { loadProcedureConfig } from '../../machines/complaint/config';
import holidaysJson from '../../config/holidays.json';
import procedureJson from '../../config/procedure.json';
import hoursJson from '../../config/business-hours.json';

const valid = {
  workingDaysForThirdParty: 3,
  firstResponseMinutes: 15,
  slaWarningMinutes: 5,
  slaAlertTo: ['hoa'],
  fraudManySerialsThreshold: 3,
  fraudWindowHours: 24,
  maxMisses: 3,
  exchangePoints: [{ name: ' Điểm A ', address: '1 Lê Lợi' }],
};
const day = ['08:00-12:00', '13:30-17:30'];
const hours = { week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, exceptions: [] };
const holidays = { _comment: 'x', '2026': ['2026-02-17', '2026-01-01'], '2027': ['2027-01-01', '2027-01-01'] };

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

describe('loadProcedureConfig', () => {
  it('loads the shipped config files', () => {
    const config = loadProcedureConfig(procedureJson, holidaysJson, hoursJson);
    expect(config.calendar.week[0]).to.deep.equal([]);
    expect(config.calendar.week[6]).to.deep.equal([]);
    expect(config.calendar.week[1]).to.deep.equal([{ from: 480, to: 720 }, { from: 810, to: 1050 }]);
    expect(config.firstResponseMinutes).to.equal(15);
    expect(config.workingDaysForThirdParty).to.equal(3);
    expect(config.fraudManySerialsThreshold).to.equal(3);
    expect(config.fraudWindowHours).to.equal(24);
    expect(config.maxMisses).to.equal(3);
    expect(config.exchangePoints.length).to.be.within(2, 3);
    expect(config.calendar.holidays).to.include.members(['2026-02-17', '2026-04-27', '2026-09-02', '2027-01-01']);
  });

  it('ships Tết 2026 as announced (14–22 Feb) and National Day with an adjacent day', () => {
    const days = loadProcedureConfig(procedureJson, holidaysJson, hoursJson).calendar.holidays;
    for (let d = 14; d <= 22; d += 1) expect(days).to.include(`2026-02-${d}`);
    expect(days.includes('2026-09-01') || days.includes('2026-09-03')).to.equal(true);
  });

  it('merges, sorts and de-duplicates holidays and ignores "_" comment keys', () => {
    const config = loadProcedureConfig({ _comment: 'ops notes', ...valid }, holidays, hours);
    expect(config.calendar.holidays).to.deep.equal(['2026-01-01', '2026-02-17', '2027-01-01']);
    expect(config.exchangePoints).to.deep.equal([{ name: 'Điểm A', address: '1 Lê Lợi' }]);
  });

  const bad: Array<[string, unknown, unknown, string, unknown?]> = [
    ['a missing key', { ...valid, maxMisses: undefined }, holidays, '"maxMisses"'],
    ['an unknown key', { ...valid, maxMiss: 3 }, holidays, '"maxMiss"'],
    ['holidays in the procedure file', { ...valid, holidays: [] }, holidays, '"holidays"'],
    ['a non-integer', { ...valid, workingDaysForThirdParty: 2.5 }, holidays, '"workingDaysForThirdParty"'],
    ['a string number', { ...valid, maxMisses: '3' }, holidays, '"maxMisses"'],
    ['a threshold of 1', { ...valid, fraudManySerialsThreshold: 1 }, holidays, '"fraudManySerialsThreshold"'],
    ['a fraud window of 0 hours', { ...valid, fraudWindowHours: 0 }, holidays, '"fraudWindowHours"'],
    ['no fraud window', { ...valid, fraudWindowHours: undefined }, holidays, '"fraudWindowHours"'],
    ['the old weekendDays key', { ...valid, weekendDays: [0, 6] }, holidays, '"weekendDays"'],
    ['a first-response target of 0', { ...valid, firstResponseMinutes: 0 }, holidays, '"firstResponseMinutes"'],
    ['an alert list that is not logins', { ...valid, slaAlertTo: 'hoa' }, holidays, '"slaAlertTo"'],
    ['a week without working hours', valid, holidays, '"business-hours.week"', { ...hours, week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }],
    ['a missing weekday', valid, holidays, '"business-hours.week.sun"', { ...hours, week: { ...hours.week, sun: undefined } }],
    ['a shift that ends before it starts', valid, holidays, '"business-hours.week.mon[0]"', { ...hours, week: { ...hours.week, mon: ['17:00-08:00'] } }],
    ['a malformed shift', valid, holidays, '"business-hours.week.tue[1]"', { ...hours, week: { ...hours.week, tue: ['08:00-12:00', '1pm-5pm'] } }],
    ['overlapping shifts (split shifts must not overlap)', valid, holidays, '"business-hours.week.wed"', { ...hours, week: { ...hours.week, wed: ['08:00-12:00', '11:00-17:00'] } }],
    ['an exception without a reason', valid, holidays, '"business-hours.exceptions[0].why"', { ...hours, exceptions: [{ date: '2027-01-30', shifts: day }] }],
    ['an exception on an impossible date', valid, holidays, '"business-hours.exceptions[0].date"', { ...hours, exceptions: [{ date: '2027-02-30', shifts: [], why: 'x' }] }],
    ['the same exception twice', valid, holidays, '"business-hours.exceptions[1].date"', { ...hours, exceptions: [{ date: '2027-01-30', shifts: [], why: 'x' }, { date: '2027-01-30', shifts: [], why: 'y' }] }],
    ['no exchange point', { ...valid, exchangePoints: [] }, holidays, '"exchangePoints"'],
    ['an exchange point without address', { ...valid, exchangePoints: [{ name: 'A', address: ' ' }] }, holidays, '"exchangePoints[0].address"'],
    ['a misspelt exchange point key', { ...valid, exchangePoints: [{ name: 'A', adress: 'x', address: 'y' }] }, holidays, '"exchangePoints[0].adress"'],
    ['a non-object file', [], holidays, '"procedure"'],
    ['holidays not keyed by year', valid, ['2026-01-01'], '"holidays"'],
    ['a bad year key', valid, { '26': [] }, '"holidays.26"'],
    ['an impossible date', valid, { '2026': ['2026-02-30'] }, '"holidays.2026[0]"'],
    ['a date in the wrong year', valid, { '2026': ['2027-01-01'] }, '"holidays.2026[0]"'],
  ];
  for (const [name, json, hol, key, hrs = hours] of bad) {
    it(`names the key for ${name}`, () => {
      const message = errorOf(() => loadProcedureConfig(json, hol, hrs));
      expect(message).to.include('Invalid procedure config').and.include(key);
    });
  }
});
