// Branch A shows the account a top-up went to so the customer can recognise it, without
// handing a full account name to whoever is chatting with the serial in hand.
export function maskAccount(account: string): string {
  // Code points, not UTF-16 units: account names can hold Vietnamese letters or emoji.
  const chars = Array.from(account);
  if (chars.length === 0) return '';
  if (chars.length <= 4) return chars[0] + '*'.repeat(chars.length - 1);
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
}
