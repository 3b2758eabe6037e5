// Article 2: which situation the customer is in. The card system's own error messages
// ("thẻ đã được sử dụng", "thẻ không tồn tại", "chưa được kích hoạt") are the most specific signal,
// so they are checked before the general success/failure words. When nothing matches the bot asks
// again (procedure.md: "when unsure the bot asks, it does not guess").

import { SITUATIONS, Situation } from '../../machines/complaint/types';
import { hasPhrase, toWords } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const SITUATION_REASONS = ['unclear'] as const;
export type SituationReason = (typeof SITUATION_REASONS)[number];

export interface SituationChoice {
  value: Situation;
  /** Folded, teen-code expanded phrases that, as the whole message, pick this choice (the value itself, as a quick-reply payload, does too). */
  synonyms: string[];
}

// In SITUATIONS order, so that digit N picks SITUATION_CHOICES[N - 1].
export const SITUATION_CHOICES: readonly SituationChoice[] = [
  {
    value: 'success_not_credited',
    synonyms: [
      'thanh cong', 'nap thanh cong', 'thanh cong nhung khong nhan duoc',
      'nap thanh cong nhung khong nhan duoc', 'khong duoc cong tien', 'chua duoc cong tien',
      'thanh cong ma khong co tien', 'khong nhan duoc tien',
    ],
  },
  {
    value: 'failed_card_used',
    synonyms: ['the da duoc su dung', 'the da su dung', 'da su dung', 'da duoc su dung'],
  },
  {
    value: 'failed_card_not_found',
    synonyms: ['the khong ton tai', 'khong ton tai', 'sai ma', 'sai serial', 'sai ma the'],
  },
  {
    value: 'failed_card_inactive',
    synonyms: ['the chua duoc kich hoat', 'chua duoc kich hoat', 'chua kich hoat', 'the chua kich hoat'],
  },
  {
    value: 'failed_other',
    synonyms: ['loi khac', 'nap khong thanh cong', 'nap that bai', 'that bai', 'loi he thong', 'bao loi khac'],
  },
  {
    value: 'other',
    synonyms: ['khac', 'van de khac', 'truong hop khac', 'cai khac', 'y kien khac'],
  },
];

interface Rule {
  situation: Situation;
  phrases: string[];
}

// Order matters: first rule with a matching phrase wins. "a+b" needs both phrases anywhere.
const RULES: Rule[] = [
  {
    situation: 'failed_card_inactive',
    phrases: [
      'chua kich hoat', 'chua duoc kich hoat', 'khong kich hoat', 'chua active', 'inactive',
      'huy kich hoat', 'chua mo', 'chua duoc mo',
    ],
  },
  {
    situation: 'failed_card_used',
    phrases: [
      'da su dung', 'da duoc su dung', 'bi su dung', 'da bi su dung', 'su dung roi', 'the da dung', 'da dung roi',
      'bao da dung', 'bi dung roi',
      'da duoc dung', 'the da nap', 'da duoc nap', 'bi nap roi', 'nguoi khac nap', 'nguoi khac dung', 'da qua su dung',
      'used',
    ],
  },
  {
    situation: 'failed_card_not_found',
    phrases: [
      'khong ton tai', 'sai ma', 'sai serial', 'sai seri', 'sai pin', 'sai the', 'ma the sai', 'ma sai', 'serial sai',
      'seri sai', 'ma khong dung', 'ma the khong dung', 'khong hop le', 'khong tim thay the', 'nhap sai',
      'ma khong chinh xac', 'not found',
    ],
  },
  {
    situation: 'failed_other',
    phrases: [
      'khong thanh cong', 'chua thanh cong', 'nap that bai', 'that bai', 'loi he thong', 'he thong loi', 'bao loi',
      'bi loi', 'gap loi', 'loi gi', 'nap loi', 'the loi', 'bi khoa', 'the khoa', 'error', 'fail', 'failed',
    ],
  },
  {
    situation: 'success_not_credited',
    phrases: [
      'thanh cong', 'khong duoc cong', 'chua duoc cong', 'khong cong', 'chua cong', 'khong thay tien', 'chua thay tien',
      'khong nhan duoc', 'chua nhan duoc', 'khong vao tai khoan', 'chua vao tai khoan', 'tien khong vao',
      'tien chua vao', 'khong len tien', 'chua len', 'khong thay kim cuong', 'chua thay kim cuong',
      'khong co tien', 'mat tien', 'tru tien', 'nap roi+khong thay', 'nap roi+chua thay', 'success',
    ],
  },
  {
    situation: 'failed_other',
    phrases: ['nap+khong duoc', 'nap+chua duoc'],
  },
  {
    // Clearly something other than a failed top-up: questions about buying, agents, partnership.
    situation: 'other',
    phrases: [
      'dai ly', 'mua the o dau', 'mua o dau', 'ban the', 'hop tac', 'chiet khau', 'tuyen dung', 'khuyen mai',
      'hoa don', 'gia the', 'lam dai ly', 'doi the', 'doi tra', 'hoan tien', 'gop y', 'phan nan', 'thai do',
    ],
  },
];

const CHOICE_NUMBER = /^(?:so |chon |muc |lua chon |cau )?([1-6])$/;

export function classifySituation(text: string): Ok<Situation> | Fail<SituationReason> {
  const words = toWords(text);
  const number = CHOICE_NUMBER.exec(words);
  if (number) return ok(SITUATIONS[Number(number[1]) - 1]);
  const choice = SITUATION_CHOICES.find((c) => c.synonyms.includes(words) || c.value === text.trim());
  if (choice) return ok(choice.value);
  for (const rule of RULES) {
    if (rule.phrases.some((p) => p.split('+').every((part) => hasPhrase(words, part)))) return ok(rule.situation);
  }
  return fail('unclear');
}
