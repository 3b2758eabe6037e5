import { expect } from 'chai';
import { loadProcedureConfig } from '../../machines/complaint/config';
import holidaysJson from '../../config/holidays.json';
import procedureJson from '../../config/procedure.json';

const valid = {
  weekendDays: [6, 0],
  workingDaysForThirdParty: 3,
  fraudManySerialsThreshold: 3,
  maxMisses: 3,
  exchangePoints: [{ name: ' Điểm A ', address: '1 Lê Lợi' }],
};
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
    const config = loadProcedureConfig(procedureJson, holidaysJson);
    expect(config.weekendDays).to.deep.equal([0, 6]);
    expect(config.workingDaysForThirdParty).to.equal(3);
    expect(config.fraudManySerialsThreshold).to.equal(3);
    expect(config.maxMisses).to.equal(3);
    expect(config.exchangePoints.length).to.be.within(2, 3);
    expect(config.holidays).to.include.members(['2026-02-17', '2026-04-27', '2026-09-02', '2027-01-01']);
  });

  it('ships Tết 2026 as announced (14–22 Feb) and National Day with an adjacent day', () => {
    const { holidays: days } = loadProcedureConfig(procedureJson, holidaysJson);
    for (let d = 14; d <= 22; d += 1) expect(days).to.include(`2026-02-${d}`);
    expect(days.includes('2026-09-01') || days.includes('2026-09-03')).to.equal(true);
  });

  it('merges, sorts and de-duplicates holidays and ignores "_" comment keys', () => {
    const config = loadProcedureConfig({ _comment: 'ops notes', ...valid }, holidays);
    expect(config.holidays).to.deep.equal(['2026-01-01', '2026-02-17', '2027-01-01']);
    expect(config.weekendDays).to.deep.equal([0, 6]);
    expect(config.exchangePoints).to.deep.equal([{ name: 'Điểm A', address: '1 Lê Lợi' }]);
  });

  const bad: Array<[string, unknown, unknown, string]> = [
    ['a missing key', { ...valid, maxMisses: undefined }, holidays, '"maxMisses"'],
    ['an unknown key', { ...valid, maxMiss: 3 }, holidays, '"maxMiss"'],
    ['holidays in the procedure file', { ...valid, holidays: [] }, holidays, '"holidays"'],
    ['a non-integer', { ...valid, workingDaysForThirdParty: 2.5 }, holidays, '"workingDaysForThirdParty"'],
    ['a string number', { ...valid, maxMisses: '3' }, holidays, '"maxMisses"'],
    ['a threshold of 1', { ...valid, fraudManySerialsThreshold: 1 }, holidays, '"fraudManySerialsThreshold"'],
    ['a weekday out of range', { ...valid, weekendDays: [0, 7] }, holidays, '"weekendDays[1]"'],
    ['a week without working days', { ...valid, weekendDays: [0, 1, 2, 3, 4, 5, 6] }, holidays, '"weekendDays"'],
    ['no exchange point', { ...valid, exchangePoints: [] }, holidays, '"exchangePoints"'],
    ['an exchange point without address', { ...valid, exchangePoints: [{ name: 'A', address: ' ' }] }, holidays, '"exchangePoints[0].address"'],
    ['a misspelt exchange point key', { ...valid, exchangePoints: [{ name: 'A', adress: 'x', address: 'y' }] }, holidays, '"exchangePoints[0].adress"'],
    ['a non-object file', [], holidays, '"procedure"'],
    ['holidays not keyed by year', valid, ['2026-01-01'], '"holidays"'],
    ['a bad year key', valid, { '26': [] }, '"holidays.26"'],
    ['an impossible date', valid, { '2026': ['2026-02-30'] }, '"holidays.2026[0]"'],
    ['a date in the wrong year', valid, { '2026': ['2027-01-01'] }, '"holidays.2026[0]"'],
  ];
  for (const [name, json, hol, key] of bad) {
    it(`names the key for ${name}`, () => {
      const message = errorOf(() => loadProcedureConfig(json, hol));
      expect(message).to.include('Invalid procedure config').and.include(key);
    });
  }
});
