import { expect } from 'chai';
import { TIME_REASONS, TimeReason, parseTransactionTime } from '../../dialogs/understanding/time';

// Wednesday 25 November 2026, 10:00 in Ho Chi Minh City.
const NOW = '2026-11-25T10:00:00+07:00';

type Expected = [value: string, hourKnown: boolean] | TimeReason;

describe('understanding/time parseTransactionTime', () => {
  const cases: [string, Expected][] = [
    // Explicit date and time.
    ['12h30 ngày 1/3/2026', ['2026-03-01T12:30:00+07:00', true]],
    ['12:30 1/3/2026', ['2026-03-01T12:30:00+07:00', true]],
    ['12h30 1-3-2026', ['2026-03-01T12:30:00+07:00', true]],
    ['12h30 ngày 1/3/2026'.normalize('NFD'), ['2026-03-01T12:30:00+07:00', true]],
    ['1/3/2026 12h', ['2026-03-01T12:00:00+07:00', true]],
    ['1.3.2026 12h', ['2026-03-01T12:00:00+07:00', true]],
    ['1/3/26', ['2026-03-01T12:00:00+07:00', false]],
    ['1/3/2026', ['2026-03-01T12:00:00+07:00', false]],
    ['ngày 1 tháng 3 năm 2026', ['2026-03-01T12:00:00+07:00', false]],
    ['12 giờ 30 phút ngày 1 tháng 3 năm 2026', ['2026-03-01T12:30:00+07:00', true]],
    ['2026-11-20 08:00', ['2026-11-20T08:00:00+07:00', true]],
    ['8h tối 24/11/2026', ['2026-11-24T20:00:00+07:00', true]],
    ['lúc 7:15 tối 24/11', ['2026-11-24T19:15:00+07:00', true]],
    // No year: the most recent such date that is not after today.
    ['ngày 20/11', ['2026-11-20T12:00:00+07:00', false]],
    ['20/11 lúc 14h15', ['2026-11-20T14:15:00+07:00', true]],
    ['30/11', ['2025-11-30T12:00:00+07:00', false]],
    ['sáng 24/11', ['2026-11-24T09:00:00+07:00', false]],
    ['29/2', ['2024-02-29T12:00:00+07:00', false]],
    ['ngày 20', ['2026-11-20T12:00:00+07:00', false]],
    // Relative days with parts of the day.
    ['8 giờ tối hôm qua', ['2026-11-24T20:00:00+07:00', true]],
    ['8 gio toi hom qua', ['2026-11-24T20:00:00+07:00', true]],
    ['8 giờ tối hôm qua'.normalize('NFD'), ['2026-11-24T20:00:00+07:00', true]],
    ['hôm qua lúc 8 giờ tối', ['2026-11-24T20:00:00+07:00', true]],
    ['8h tối qua', ['2026-11-24T20:00:00+07:00', true]],
    ['8 giờ rưỡi tối qua', ['2026-11-24T20:30:00+07:00', true]],
    ['lúc 9 tối qua', ['2026-11-24T21:00:00+07:00', true]],
    ['20h hôm kia', ['2026-11-23T20:00:00+07:00', true]],
    ['khoảng 8h tối hôm kia', ['2026-11-23T20:00:00+07:00', true]],
    ['3h chiều qua', ['2026-11-24T15:00:00+07:00', true]],
    ['chiều qua 3h', ['2026-11-24T15:00:00+07:00', true]],
    ['1h đêm qua', ['2026-11-25T01:00:00+07:00', true]],
    ['12h đêm qua', ['2026-11-25T00:00:00+07:00', true]],
    ['hôm qua tôi nạp lúc 10h', ['2026-11-24T10:00:00+07:00', true]],
    ['12 giờ 30 phút hôm qua', ['2026-11-24T12:30:00+07:00', true]],
    ['1 giờ trưa hôm qua', ['2026-11-24T13:00:00+07:00', true]],
    ['sáng nay', ['2026-11-25T09:00:00+07:00', false]],
    ['sang nay', ['2026-11-25T09:00:00+07:00', false]],
    ['tối qua', ['2026-11-24T20:00:00+07:00', false]],
    ['tối hôm qua', ['2026-11-24T20:00:00+07:00', false]],
    ['đêm qua', ['2026-11-24T22:00:00+07:00', false]],
    ['chiều hôm kia', ['2026-11-23T15:00:00+07:00', false]],
    ['hôm qua', ['2026-11-24T12:00:00+07:00', false]],
    ['hqua', ['2026-11-24T12:00:00+07:00', false]],
    ['hôm kia', ['2026-11-23T12:00:00+07:00', false]],
    ['tôi nạp hôm qua', ['2026-11-24T12:00:00+07:00', false]],
    ['hôm nay', ['2026-11-25T10:00:00+07:00', false]],
    // Time of today, or yesterday when today's would be in the future.
    ['lúc 9h sáng', ['2026-11-25T09:00:00+07:00', true]],
    ['em nạp lúc 8h30 sáng nay ạ', ['2026-11-25T08:30:00+07:00', true]],
    ['8h30p sáng nay', ['2026-11-25T08:30:00+07:00', true]],
    ['9 giờ kém 15 sáng nay', ['2026-11-25T08:45:00+07:00', true]],
    ['9h', ['2026-11-25T09:00:00+07:00', true]],
    ['0h30', ['2026-11-25T00:30:00+07:00', true]],
    ['11h', ['2026-11-24T11:00:00+07:00', true]],
    ['20h', ['2026-11-24T20:00:00+07:00', true]],
    ['tối', ['2026-11-24T20:00:00+07:00', false]],
    // Weekdays (Vietnamese weeks start on Monday).
    ['thứ hai', ['2026-11-23T12:00:00+07:00', false]],
    ['thứ 2 tuần trước', ['2026-11-16T12:00:00+07:00', false]],
    ['chủ nhật', ['2026-11-22T12:00:00+07:00', false]],
    ['8h tối thứ 7', ['2026-11-21T20:00:00+07:00', true]],
    // Ago.
    ['3 ngày trước', ['2026-11-22T12:00:00+07:00', false]],
    ['hai ngày trước', ['2026-11-23T12:00:00+07:00', false]],
    ['tuần trước', ['2026-11-18T12:00:00+07:00', false]],
    ['tháng trước', ['2026-10-25T12:00:00+07:00', false]],
    ['2 tiếng trước', ['2026-11-25T08:00:00+07:00', true]],
    ['2 giờ trước', ['2026-11-25T08:00:00+07:00', true]],
    ['cách đây 2 tiếng', ['2026-11-25T08:00:00+07:00', true]],
    ['30 phút trước', ['2026-11-25T09:30:00+07:00', true]],
    ['nửa tiếng trước', ['2026-11-25T09:30:00+07:00', true]],
    ['vừa nãy', ['2026-11-25T10:00:00+07:00', true]],
    ['vua nay', ['2026-11-25T10:00:00+07:00', true]],
    ['vừa xong', ['2026-11-25T10:00:00+07:00', true]],
    ['mới nạp', ['2026-11-25T10:00:00+07:00', true]],
    ['vừa nãy'.normalize('NFD'), ['2026-11-25T10:00:00+07:00', true]],
    // Refused.
    ['chiều nay', 'future'],
    ['tối nay', 'future'],
    ['trưa nay', 'future'],
    ['ngày mai', 'future'],
    ['1/12/2026', 'future'],
    ['14h hôm nay', 'future'],
    ['31/2', 'invalid_date'],
    ['31/2/2026', 'invalid_date'],
    ['32/1', 'invalid_date'],
    ['13/13/2026', 'invalid_date'],
    ['29/2/2025', 'invalid_date'],
    ['25h', 'invalid_time'],
    ['12h75', 'invalid_time'],
    ['xyz', 'not_a_time'],
    ['tôi không nhớ', 'not_a_time'],
    ['', 'not_a_time'],
    ['tôi nạp thẻ', 'not_a_time'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      const out = parseTransactionTime(input, NOW);
      if (typeof expected === 'string') {
        expect(out).to.deep.equal({ ok: false, reason: expected });
        expect(TIME_REASONS).to.include(expected);
      } else {
        expect(out).to.deep.equal({ ok: true, value: expected[0], hourKnown: expected[1] });
      }
    });
  }

  it('reads "sáng nay" said before 9:00 as this morning, clamped to now', () => {
    expect(parseTransactionTime('sáng nay', '2026-11-25T08:00:00+07:00')).to.deep.equal({
      ok: true,
      value: '2026-11-25T08:00:00+07:00',
      hourKnown: false,
    });
  });

  it('accepts now given in UTC', () => {
    expect(parseTransactionTime('8h tối qua', '2026-11-25T03:00:00Z')).to.deep.equal({
      ok: true,
      value: '2026-11-24T20:00:00+07:00',
      hourKnown: true,
    });
  });

  it('keeps the year of a date just after New Year', () => {
    expect(parseTransactionTime('31/12 lúc 23h', '2027-01-01T08:00:00+07:00')).to.deep.equal({
      ok: true,
      value: '2026-12-31T23:00:00+07:00',
      hourKnown: true,
    });
  });
});
