// Vietnamese is typed with and without diacritics, in NFC or NFD (Unikey "tổ hợp"), so every
// comparison of customer text goes through this one fold. `đ` does not decompose under NFD,
// hence the explicit replacement.
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
