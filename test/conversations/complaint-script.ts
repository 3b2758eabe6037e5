/**
 * The messages of one whole chat complaint, from the situation to "Gửi khiếu nại" (summary
 * confirmed, no e-mail), as a customer types them. Answers after the summary come from the test.
 */
export function complaintScript(c: { situation: string; serial: string; phone: string; denomination?: string; place?: string }): string[] {
  return [
    c.situation,
    'có',
    'naruto',
    c.denomination ?? '50k',
    c.serial.replace(/(\d{4})(?=\d)/g, '$1 '),
    c.place ?? 'Đại lý Minh Anh, 12 Lê Lợi Q1',
    '8 giờ tối hôm qua',
    'Đúng như vậy',
    c.phone,
    'bỏ qua',
    'Gửi khiếu nại',
  ];
}
