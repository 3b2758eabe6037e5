import { expect } from 'chai';
import { SITUATIONS, Situation } from '../../machines/complaint/types';
import { SITUATION_CHOICES, SITUATION_REASONS, classifySituation } from '../../dialogs/understanding/situation';

describe('understanding/situation classifySituation', () => {
  const cases: [string, Situation | 'unclear'][] = [
    ['nap the thanh cong ma ko thay tien', 'success_not_credited'],
    ['nạp thành công mà không được cộng', 'success_not_credited'],
    ['nạp thành công mà không thấy tiền', 'success_not_credited'],
    ['nap thanh cong ko dc cong', 'success_not_credited'],
    ['báo thành công nhưng tk game chưa có kim cương', 'success_not_credited'],
    ['em nạp rồi mà không được cộng tiền', 'success_not_credited'],
    ['tiền không vào tài khoản', 'success_not_credited'],
    ['nạp thành công mà không được cộng'.normalize('NFD'), 'success_not_credited'],
    ['báo thẻ đã sử dụng', 'failed_card_used'],
    ['the da dung roi', 'failed_card_used'],
    ['the bi su dung', 'failed_card_used'],
    ['thẻ đã được sử dụng', 'failed_card_used'],
    ['nạp không thành công, báo thẻ đã được sử dụng', 'failed_card_used'],
    ['tk da dung roi', 'failed_card_used'],
    ['báo thẻ đã sử dụng'.normalize('NFD'), 'failed_card_used'],
    ['thẻ không tồn tại', 'failed_card_not_found'],
    ['sai mã', 'failed_card_not_found'],
    ['bao the ko ton tai', 'failed_card_not_found'],
    ['báo mã thẻ không hợp lệ', 'failed_card_not_found'],
    ['báo sai serial', 'failed_card_not_found'],
    ['thẻ không tồn tại'.normalize('NFD'), 'failed_card_not_found'],
    ['chưa kích hoạt', 'failed_card_inactive'],
    ['the chua kich hoat', 'failed_card_inactive'],
    ['báo thẻ chưa được kích hoạt', 'failed_card_inactive'],
    ['thẻ bị hủy kích hoạt rồi', 'failed_card_inactive'],
    ['chưa kích hoạt'.normalize('NFD'), 'failed_card_inactive'],
    ['lỗi hệ thống', 'failed_other'],
    ['nạp không thành công', 'failed_other'],
    ['nap that bai bao loi gi do', 'failed_other'],
    ['nạp thẻ ko dc', 'failed_other'],
    ['thẻ bị khóa', 'failed_other'],
    ['nạp bị lỗi', 'failed_other'],
    ['lỗi hệ thống'.normalize('NFD'), 'failed_other'],
    ['tôi muốn hỏi về đại lý', 'other'],
    ['mua the o dau', 'other'],
    ['muốn làm đại lý bán thẻ', 'other'],
    ['chiết khấu thẻ bao nhiêu', 'other'],
    ['tôi muốn góp ý thái độ nhân viên', 'other'],
    ['mua thẻ ở đâu'.normalize('NFD'), 'other'],
    ['alo', 'unclear'],
    ['hello', 'unclear'],
    ['e can giup', 'unclear'],
    ['ad ơi', 'unclear'],
    ['thẻ của em', 'unclear'],
    ['sao không ai trả lời', 'unclear'],
    ['', 'unclear'],
    ['1', 'success_not_credited'],
    ['2', 'failed_card_used'],
    ['3', 'failed_card_not_found'],
    ['4', 'failed_card_inactive'],
    ['5', 'failed_other'],
    ['6', 'other'],
    ['số 3', 'failed_card_not_found'],
    ['7', 'unclear'],
    ['failed_card_used', 'failed_card_used'],
    ['other', 'other'],
    ['Khác', 'other'],
    ['Lỗi khác', 'failed_other'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      const out = classifySituation(input);
      if (expected === 'unclear') {
        expect(out).to.deep.equal({ ok: false, reason: 'unclear' });
        expect(SITUATION_REASONS).to.include(expected);
      } else {
        expect(out).to.deep.equal({ ok: true, value: expected });
      }
    });
  }

  it('offers one choice per situation, in SITUATIONS order', () => {
    expect(SITUATION_CHOICES.map((c) => c.value)).to.deep.equal([...SITUATIONS]);
  });

  for (const choice of SITUATION_CHOICES) {
    for (const synonym of choice.synonyms) {
      it(`synonym ${JSON.stringify(synonym)} → ${choice.value}`, () => {
        expect(classifySituation(synonym)).to.deep.equal({ ok: true, value: choice.value });
      });
    }
  }
});
