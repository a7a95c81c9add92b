/** Today's date on the person's own clock, as the YYYY-MM-DD the engine takes (not UTC: an office in 北京 at 07:00 is already on today). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
