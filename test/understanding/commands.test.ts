import { expect } from 'chai';
import { COMMANDS, Command, TICKET_CODE_REASONS, detectCommand, parseTicketCode } from '../../dialogs/understanding/commands';

describe('understanding/commands', () => {
  describe('detectCommand', () => {
    const cases: [string, Command | null][] = [
      ['hủy', 'cancel'],
      ['huỷ', 'cancel'],
      ['huy', 'cancel'],
      ['HỦY', 'cancel'],
      ['hủy bỏ', 'cancel'],
      ['thôi hủy đi', 'cancel'],
      ['thoi huy di', 'cancel'],
      ['cancel', 'cancel'],
      ['hủy khiếu nại giúp em', 'cancel'],
      ['em muốn hủy', 'cancel'],
      ['hủy đi ạ', 'cancel'],
      ['thôi hủy đi'.normalize('NFD'), 'cancel'],
      ['sửa', 'edit'],
      ['sua', 'edit'],
      ['sửa lại', 'edit'],
      ['chỉnh sửa', 'edit'],
      ['sửa số điện thoại', 'edit'],
      ['cho em sửa lại serial với', 'edit'],
      ['sửa lại'.normalize('NFD'), 'edit'],
      ['bắt đầu lại', 'restart'],
      ['bat dau lai', 'restart'],
      ['làm lại từ đầu', 'restart'],
      ['restart', 'restart'],
      ['cho em làm lại từ đầu nhé', 'restart'],
      ['gặp nhân viên', 'agent'],
      ['gap nhan vien', 'agent'],
      ['nói chuyện với người thật', 'agent'],
      ['cho em gặp tư vấn viên', 'agent'],
      ['nhan vien dau', 'agent'],
      ['nhân viên đâu rồi', 'agent'],
      ['gặp người', 'agent'],
      ['cho mik gặp nv', 'agent'],
      ['cho em gặp nhân viên, em nạp thẻ mãi không được mà bot không hiểu', 'agent'],
      ['gặp nhân viên'.normalize('NFD'), 'agent'],
      ['tra cứu KN-2611-0042', 'lookup'],
      ['tra cuu kn 2611 0042', 'lookup'],
      ['kiểm tra khiếu nại KN-2611-0042', 'lookup'],
      ['kiểm tra khiếu nại', 'lookup'],
      ['KN-2611-0042', 'lookup'],
      ['kn26110042', 'lookup'],
      ['tra cứu'.normalize('NFD'), 'lookup'],
      // Words inside an answer, not commands.
      ['thẻ bị hủy kích hoạt rồi', null],
      ['the bi huy kich hoat roi', null],
      ['đã sửa serial mà vẫn lỗi', null],
      ['thôi không hủy nữa', null],
      ['đừng hủy', null],
      ['nhân viên cửa hàng bán thẻ cho em bảo nạp lại', null],
      ['ad ơi', null],
      ['alo', null],
      ['nạp thẻ 50k không được', null],
      ['', null],
      ['hủy thẻ làm sao', null],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected}`, () => {
        const out = detectCommand(input);
        expect(out).to.equal(expected);
        if (out !== null) expect(COMMANDS).to.include(out);
      });
    }
  });

  describe('parseTicketCode', () => {
    const cases: [string, string | null][] = [
      ['KN-2611-0042', 'KN-2611-0042'],
      ['kn-2611-0042', 'KN-2611-0042'],
      ['kn 2611 0042', 'KN-2611-0042'],
      ['KN26110042', 'KN-2611-0042'],
      ['KN 2611-0042', 'KN-2611-0042'],
      ['tra cứu KN-2611-0042 giúp em', 'KN-2611-0042'],
      ['kiểm tra khiếu nại KN-0103-12345', 'KN-0103-12345'],
      ['mã khiếu nại là kn.2611.0042 ạ'.normalize('NFD'), 'KN-2611-0042'],
      ['KN-261-0042', null],
      ['KN-2611-004', null],
      ['2611-0042', null],
      ['tra cứu', null],
      ['', null],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected}`, () => {
        const out = parseTicketCode(input);
        if (expected === null) {
          expect(out).to.deep.equal({ ok: false, reason: 'not_a_ticket_code' });
          expect(TICKET_CODE_REASONS).to.include('not_a_ticket_code');
        } else {
          expect(out).to.deep.equal({ ok: true, value: expected });
        }
      });
    }
  });
});
