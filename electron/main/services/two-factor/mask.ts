/** "alice@example.com" -> "a***@example.com" (what the code notice shows). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** "+447700900123" -> "+44 ••• ••• 123". */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)} ••• ••• ${phone.slice(-3)}`;
}
