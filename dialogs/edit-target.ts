import type { EditableField } from '../machines/complaint/types';
import { fold } from '../machines/text/fold';

// Words customers use for each field when they ask to correct it ("sửa sđt", "sai mệnh giá").
// A parser vocabulary, not customer-facing text.
const FIELD_WORDS: Array<[EditableField, RegExp]> = [
  ['phone', /\b(so dien thoai|dien thoai|sdt|sđt|phone|so dt|dt)\b/],
  ['email', /\b(e-?mail|mail|gmail)\b/],
  ['denomination', /\b(menh gia|gia tri|so tien|tien the)\b/],
  ['serial', /\b(serial|seri|sery|so the|ma the)\b/],
  ['transactionAt', /\b(thoi gian|gio nap|ngay nap|luc nao|thoi diem|gio|ngay)\b/],
  ['purchasePlace', /\b(noi mua|cho mua|dai ly|cua hang|dia chi|mua o)\b/],
  ['service', /\b(dich vu|game|tro choi)\b/],
  ['statusText', /\b(tinh trang|mo ta|trang thai)\b/],
];

/** The field a correction request names, if any. */
export function editTarget(text: string): EditableField | undefined {
  const folded = fold(text);
  return FIELD_WORDS.find(([, re]) => re.test(folded))?.[0];
}
