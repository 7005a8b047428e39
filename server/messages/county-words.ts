// Times as a person reads them in a message, on the county's clock: "12月2日 周三 上午9:00".
const parts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});
const english = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** When, in the person's words: 12月2日 周三 上午9:00 (or Wed 2 Dec, 09:00). */
export function spokenTime(at: Date, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (language === 'en') return english.format(at);
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const hour = Number(p.hour);
  const dayPart = hour < 6 ? '凌晨' : hour < 12 ? '上午' : hour < 18 ? '下午' : '晚上';
  const clock = `${hour <= 12 ? hour : hour - 12}:${p.minute}`;
  return `${p.month}月${p.day}日 ${p.weekday} ${dayPart}${clock}`;
}
